package io.netpoldemo.user.trio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.netpoldemo.user.check.DnsStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three apps together: auth and helloworld started from their jars as separate processes (from the AOT cache, as
 * make run starts them), the user service in this JVM, every outside target on loopback (WireMock behind names that
 * a local DNS responder resolves).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrioIntegrationTests {

	private static final String TOKEN = "trio-test-token";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final List<Process> processes = new ArrayList<>();

	private static WireMockServer internet;

	private static DnsStub dns;

	private static int authPort;

	private static int helloPort;

	@LocalServerPort
	private int userPort;

	@BeforeAll
	static void startPeers() throws Exception {
		internet = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		internet.start();
		internet.stubFor(WireMock.get(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(200)));
		dns = DnsStub.answering(Map.of("api.github.test", "127.0.0.1", "httpbin.test", "127.0.0.1",
				"argocd-server.argocd.svc.cluster.local", "127.0.0.1"));
		authPort = freePort();
		helloPort = freePort();
		start("auth-service", authPort);
		start("helloworld-service", helloPort);
		ServiceJar.awaitReady(authPort, READY_TIMEOUT, log("auth-service"));
		ServiceJar.awaitReady(helloPort, READY_TIMEOUT, log("helloworld-service"));
	}

	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) {
		registry.add("checks.targets.auth.url", () -> "http://127.0.0.1:" + authPort + "/authenticate");
		registry.add("checks.targets.hello.url", () -> "http://localhost:" + helloPort + "/");
		registry.add("checks.targets.github.url", () -> "http://api.github.test:" + internet.port() + "/users/octocat");
		registry.add("checks.targets.httpbin.url", () -> "http://httpbin.test:" + internet.port() + "/ip");
		registry.add("checks.targets.argocd.url",
				() -> "http://argocd-server.argocd.svc.cluster.local:" + internet.port() + "/");
		registry.add("checks.targets.kube-dns.url", () -> "tcp://127.0.0.1:" + internet.port());
		registry.add("checks.dns.servers", () -> dns.server());
		registry.add("checks.token.value", () -> TOKEN);
	}

	@AfterAll
	static void stopPeers() throws InterruptedException {
		for (Process process : processes) {
			process.destroy();
		}
		for (Process process : processes) {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		if (internet != null) {
			internet.stop();
		}
		if (dns != null) {
			dns.close();
		}
	}

	@Test
	void everyTargetIsOkWhenNothingBlocksIt() throws Exception {
		HttpResponse<String> response = get(this.userPort, "/check/all?format=text");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> rows = response.body()
			.lines()
			.dropWhile((line) -> !line.startsWith("TARGET "))
			.skip(1)
			.takeWhile((line) -> !line.isBlank())
			.toList();
		assertThat(rows).hasSize(6).allSatisfy((row) -> assertThat(row).contains(" OK "));
		assertThat(rows).extracting((row) -> row.split("\\s+")[0])
			.containsExactly("auth", "hello", "argocd", "kube-dns", "github", "httpbin");
	}

	@Test
	void theUserServiceSendsTheSharedTokenToAuth() throws Exception {
		HttpResponse<String> response = get(this.userPort, "/check/auth");
		assertThat(response.body()).contains("\"outcome\":\"OK\"").contains("\"status\":200");
	}

	@Test
	void peersSayWhoAnswered() throws Exception {
		assertThat(get(authPort, "/").body()).contains("\"service\":\"auth-service\"")
			.contains("\"version\":\"0.1.0-SNAPSHOT\"");
		assertThat(get(helloPort, "/").body()).contains("\"message\":\"Hello, World!\"")
			.contains("\"service\":\"helloworld-service\"");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void aStoppedPeerIsReportedRefused() throws Exception {
		Process hello = processes.get(1);
		hello.destroy();
		assertThat(hello.waitFor(20, TimeUnit.SECONDS)).isTrue();
		HttpResponse<String> response = get(this.userPort, "/check/hello");
		assertThat(response.body()).contains("\"outcome\":\"REFUSED\"");
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return get(port, path, Duration.ofSeconds(10));
	}

	private static HttpResponse<String> get(int port, String path, Duration timeout)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(timeout)
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** From the AOT cache, as make run starts the services. */
	private static void start(String module, int port) throws IOException, InterruptedException {
		ServiceJar.Launch launch = ServiceJar.launch(module);
		launch.messages().forEach(System.out::println);
		processes.add(ServiceJar.start(launch, port, log(module), Map.of("AUTH_DEMO_TOKEN", TOKEN)));
	}

	private static Path log(String module) {
		return Path.of("target", module + "-trio.log");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
