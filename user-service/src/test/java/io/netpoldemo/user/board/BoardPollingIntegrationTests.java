package io.netpoldemo.user.board;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback: with no event stream to be had ({@code board.max-streams=0}, as when every stream slot is taken),
 * the page polls the cached snapshot and still follows a peer that goes away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "board.max-streams=0")
class BoardPollingIntegrationTests {

	private static WireMockServer peer;

	@LocalServerPort
	private int port;

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension(1280, 900);

	@DynamicPropertySource
	static void peers(DynamicPropertyRegistry registry) {
		peer = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		peer.start();
		BoardIntegrationTests.allTargetsOn(registry, peer);
	}

	@AfterAll
	static void stopPeer() {
		if (peer != null && peer.isRunning()) {
			peer.stop();
		}
	}

	@Test
	void pollsTheCachedSnapshotWhenNoEventStreamIsAvailable() {
		ChromeDriver driver = chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/");

		BoardIntegrationTests.waitFor(driver, (d) -> "OK".equals(BoardPage.outcomes(d).get("hello")));
		assertThat(BoardPage.linkState(driver)).isEqualTo("polling");
		assertThat(BoardPage.outcomes(driver)).hasSize(6).containsEntry("auth", "HTTP_ERROR");

		peer.stop();

		BoardIntegrationTests.waitFor(driver,
				(d) -> BoardPage.outcomes(d).values().stream().allMatch("REFUSED"::equals));
		assertThat(BoardPage.linkState(driver)).isEqualTo("polling");
	}

}
