package io.netpoldemo.user.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per outcome class, each against a real socket on loopback.
 */
class ProberTests {

	/** Generous, so a loaded build machine does not turn a working call into a timeout. */
	private static final ChecksProperties.Timeouts TIMEOUTS = new ChecksProperties.Timeouts(Duration.ofSeconds(2),
			Duration.ofSeconds(5), Duration.ofSeconds(2));

	/** Short, for the tests whose point is a timeout. */
	private static final ChecksProperties.Timeouts SHORT = new ChecksProperties.Timeouts(Duration.ofMillis(500),
			Duration.ofMillis(800), Duration.ofMillis(500));

	private static final Path NO_FILE = Path.of("/nonexistent/netpol-demo");

	private static WireMockServer wiremock;

	@BeforeAll
	static void startWireMock() {
		wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
		wiremock.start();
	}

	@AfterAll
	static void stopWireMock() {
		wiremock.stop();
	}

	@BeforeEach
	void resetStubs() {
		wiremock.resetAll();
	}

	@Test
	void reportsOkWithStatusAndAddressWhenServerAnswers2xx() {
		wiremock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{}")));
		ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + wiremock.port() + "/ok");
		assertThat(result.outcome()).isEqualTo(Outcome.OK);
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.address()).isEqualTo("127.0.0.1:" + wiremock.port());
	}

	@Test
	void reportsOkForRedirectsWithoutFollowingThem() {
		wiremock.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "http://10.0.0.1/")));
		ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + wiremock.port() + "/moved");
		assertThat(result.outcome()).isEqualTo(Outcome.OK);
		assertThat(result.status()).isEqualTo(302);
	}

	@Test
	void reportsHttpErrorWhenServerAnswers5xx() {
		wiremock.stubFor(get("/broken").willReturn(aResponse().withStatus(503)));
		ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + wiremock.port() + "/broken");
		assertThat(result.outcome()).isEqualTo(Outcome.HTTP_ERROR);
		assertThat(result.status()).isEqualTo(503);
	}

	@Test
	void sendsTheGivenHeadersAndTheHostOfTheUrl() {
		wiremock.stubFor(get("/authenticate").willReturn(aResponse().withStatus(200)));
		Endpoint endpoint = Endpoint.of("auth", Kind.HTTP, "http://127.0.0.1:" + wiremock.port() + "/authenticate");
		ProbeResult result = prober(List.of()).probe(Kind.HTTP, endpoint, Map.of("Authorization", "Bearer secret"));
		assertThat(result.outcome()).isEqualTo(Outcome.OK);
		wiremock.verify(getRequestedFor(urlEqualTo("/authenticate"))
			.withHeader("Authorization", equalTo("Bearer secret"))
			.withHeader("Host", equalTo("127.0.0.1:" + wiremock.port())));
	}

	@Test
	void reportsTimeoutWhenTheResponseDoesNotComeInTime() {
		wiremock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
		ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + wiremock.port() + "/slow", SHORT);
		assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(result.detail()).contains("request timeout");
	}

	@Test
	void reportsTimeoutWhenPacketsAreDropped() throws IOException {
		try (DroppingPort dropping = new DroppingPort()) {
			ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + dropping.port() + "/", SHORT);
			assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
			assertThat(result.detail()).contains("TCP connect");
		}
	}

	@Test
	void reportsRefusedWhenNothingListens() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		assertThat(probe(Kind.HTTP, "http://127.0.0.1:" + port + "/").outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(probe(Kind.TCP, "127.0.0.1:" + port).outcome()).isEqualTo(Outcome.REFUSED);
	}

	@Test
	void reportsTlsErrorForAnUntrustedCertificate() {
		wiremock.stubFor(get("/").willReturn(aResponse().withStatus(200)));
		ProbeResult result = probe(Kind.HTTP, "https://127.0.0.1:" + wiremock.httpsPort() + "/");
		assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
		assertThat(result.detail()).startsWith("TLS handshake failed");
	}

	@Test
	void reportsOkForATcpConnect() {
		ProbeResult result = probe(Kind.TCP, "tcp://127.0.0.1:" + wiremock.port());
		assertThat(result.outcome()).isEqualTo(Outcome.OK);
		assertThat(result.status()).isNull();
	}

	@Test
	void reportsErrorWhenTheServerClosesWithoutAnswering() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread closer = Thread.ofVirtual().start(() -> {
				try (Socket accepted = server.accept()) {
					accepted.getInputStream().read();
				}
				catch (IOException ex) {
					// The test's assertion tells.
				}
			});
			ProbeResult result = probe(Kind.HTTP, "http://127.0.0.1:" + server.getLocalPort() + "/");
			assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
			assertThat(result.detail()).contains("closed before any response");
			closer.interrupt();
		}
	}

	@Test
	void resolvesShortNamesThroughTheSearchDomains() throws Exception {
		wiremock.stubFor(get("/").willReturn(aResponse().withStatus(200)));
		try (DnsStub dns = DnsStub.answering(Map.of("auth-app-service.demo.svc.cluster.local", "127.0.0.1"))) {
			Prober prober = prober(List.of(dns.server()), List.of("demo.svc.cluster.local", "svc.cluster.local"), 5);
			ProbeResult result = prober.probe(Kind.HTTP,
					Endpoint.of("auth", Kind.HTTP, "http://auth-app-service:" + wiremock.port() + "/"), Map.of());
			assertThat(result.outcome()).isEqualTo(Outcome.OK);
			assertThat(result.address()).isEqualTo("127.0.0.1:" + wiremock.port());
		}
	}

	@Test
	void reportsDnsFailureWithNoSuchNameWhenTheResolverAnswersNxdomain() throws Exception {
		try (DnsStub dns = DnsStub.answering(Map.of())) {
			ProbeResult result = prober(List.of(dns.server())).probe(Kind.HTTP,
					Endpoint.of("github", Kind.HTTP, "https://api.github.com/users/octocat"), Map.of());
			assertThat(result.outcome()).isEqualTo(Outcome.DNS_FAILURE);
			assertThat(result.detail()).startsWith("no such name").contains("api.github.com");
			assertThat(result.address()).isNull();
		}
	}

	@Test
	void reportsDnsFailureWithNoAnswerWhenTheResolverIsSilent() throws Exception {
		try (DnsStub dns = DnsStub.silent()) {
			ProbeResult result = prober(List.of(dns.server()), List.of(), 1, SHORT).probe(Kind.TCP,
					Endpoint.of("kube-dns", Kind.TCP, "kube-dns.kube-system.svc.cluster.local:53"), Map.of());
			assertThat(result.outcome()).isEqualTo(Outcome.DNS_FAILURE);
			assertThat(result.detail()).startsWith("the DNS server " + dns.server() + " did not answer within");
		}
	}

	@Test
	void reportsDnsFailureWithRefusedWhenNothingListensOnTheResolversPort() throws Exception {
		String closed;
		try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
			closed = "127.0.0.1:" + socket.getLocalPort();
		}
		ProbeResult result = prober(List.of(closed), List.of(), 1, SHORT).probe(Kind.TCP,
				Endpoint.of("kube-dns", Kind.TCP, "kube-dns.kube-system.svc.cluster.local:53"), Map.of());
		assertThat(result.outcome()).isEqualTo(Outcome.DNS_FAILURE);
		assertThat(result.detail()).startsWith("the DNS server " + closed + " refused the query")
			.doesNotContain("did not answer");
	}

	@Test
	void resolvesAfreshOnEveryCheck() throws Exception {
		try (DnsStub dns = DnsStub.answering(Map.of("hello.test", "127.0.0.1"))) {
			Prober prober = prober(List.of(dns.server()));
			Endpoint endpoint = Endpoint.of("hello", Kind.HTTP, "http://hello.test/");
			prober.resolve(endpoint);
			prober.resolve(endpoint);
			assertThat(dns.queries()).isEqualTo(2);
		}
	}

	private ProbeResult probe(Kind kind, String url) {
		return probe(kind, url, TIMEOUTS);
	}

	private ProbeResult probe(Kind kind, String url, ChecksProperties.Timeouts timeouts) {
		return prober(List.of(), List.of(), 1, timeouts).probe(kind, Endpoint.of("target", kind, url), Map.of());
	}

	private static Prober prober(List<String> servers) {
		return prober(servers, List.of(), 1, TIMEOUTS);
	}

	private static Prober prober(List<String> servers, List<String> search, int ndots) {
		return prober(servers, search, ndots, TIMEOUTS);
	}

	private static Prober prober(List<String> servers, List<String> search, int ndots,
			ChecksProperties.Timeouts timeouts) {
		ChecksProperties.Dns dns = new ChecksProperties.Dns(servers, search, ndots, NO_FILE, NO_FILE);
		return new Prober(new NameResolver(dns, timeouts.dns()), timeouts);
	}

}
