package io.netpoldemo.user.board;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A user service whose every target is one loopback HTTP server (hello answers 200 there, the others 404), and a
 * browser to watch its board. Subclasses are {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
abstract class OnePeerBoard {

	static WireMockServer peer;

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension(1280, 900);

	@LocalServerPort
	int port;

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

	String board() {
		return "http://127.0.0.1:" + this.port + "/";
	}

}
