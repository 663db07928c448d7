package io.netpoldemo.user.board;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A user service whose every target is one loopback HTTP server (hello answers 200 there, the others 404).
 * Subclasses are {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}, each with settings of its own: the peer is
 * started per application context and stopped after each class, so two classes must not share a cached context.
 */
abstract class OnePeerService {

	static WireMockServer peer;

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
