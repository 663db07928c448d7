package io.netpoldemo.user.board;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback: with no event stream to be had ({@code board.max-streams=0}, as when every stream slot is taken),
 * the page polls the cached snapshot and still follows a peer that goes away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "board.max-streams=0")
class BoardPollingIntegrationTests extends OnePeerBoard {

	@Test
	void pollsTheCachedSnapshotWhenNoEventStreamIsAvailable() {
		ChromeDriver driver = chromium.driver();
		driver.get(board());

		BoardIntegrationTests.waitFor(driver, (d) -> "OK".equals(BoardPage.outcomes(d).get("hello")));
		assertThat(BoardPage.linkState(driver)).isEqualTo("polling");
		assertThat(BoardPage.outcomes(driver)).hasSize(6).containsEntry("auth", "HTTP_ERROR");

		peer.stop();

		BoardIntegrationTests.waitFor(driver,
				(d) -> BoardPage.outcomes(d).values().stream().allMatch("REFUSED"::equals));
		assertThat(BoardPage.linkState(driver)).isEqualTo("polling");
	}

}
