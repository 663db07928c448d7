package io.netpoldemo.user.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.netpoldemo.user.check.DnsStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The contract of the {@code /check} endpoints: JSON fields, the text table, 404 and 400, with every target on
 * loopback (WireMock peers, a local DNS responder that knows none of the outside names, a closed port).
 */
@SpringBootTest
@AutoConfigureMockMvc
class CheckEndpointTests {

	private static final WireMockServer peers = startPeers();

	private static final DnsStub dns = startDns();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) throws IOException {
		String base = "http://127.0.0.1:" + peers.port();
		registry.add("checks.targets.auth.url", () -> base + "/authenticate");
		registry.add("checks.targets.hello.url", () -> base + "/");
		int closed = closedPort();
		registry.add("checks.targets.kube-dns.url", () -> "127.0.0.1:" + closed);
		registry.add("checks.dns.servers", () -> dns.server());
		registry.add("checks.dns.hosts-file", () -> "/nonexistent/hosts");
	}

	@AfterAll
	static void stopPeers() throws InterruptedException {
		peers.stop();
		dns.close();
	}

	@Test
	void checkAllAnswersJsonWithEveryFieldOfTheContract() throws Exception {
		this.mvc.perform(get("/check/all"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.source.service").value("user-service"))
			.andExpect(jsonPath("$.startedAt").isString())
			.andExpect(jsonPath("$.durationMs").isNumber())
			.andExpect(jsonPath("$.results.length()").value(6))
			.andExpect(jsonPath("$.results[0].target").value("auth"))
			.andExpect(jsonPath("$.results[0].group").value("peers"))
			.andExpect(jsonPath("$.results[0].kind").value("http"))
			.andExpect(jsonPath("$.results[0].url").value(startsWith("http://127.0.0.1:")))
			.andExpect(jsonPath("$.results[0].outcome").value("OK"))
			.andExpect(jsonPath("$.results[0].status").value(200))
			.andExpect(jsonPath("$.results[0].latencyMs").isNumber())
			.andExpect(jsonPath("$.results[0].address").value("127.0.0.1:" + peers.port()))
			.andExpect(jsonPath("$.results[0].detail").isString())
			.andExpect(jsonPath("$.results[0].hint").isString())
			.andExpect(jsonPath("$.results[0].expected").value("UNKNOWN"))
			.andExpect(jsonPath("$.results[0].policy").value(containsString("not running in Kubernetes")))
			.andExpect(jsonPath("$.results[0].agreement").value("UNKNOWN"))
			.andExpect(jsonPath("$.results[4].target").value("github"))
			.andExpect(jsonPath("$.results[4].outcome").value("DNS_FAILURE"))
			.andExpect(jsonPath("$.results[4].detail").value(startsWith("no such name")))
			.andExpect(jsonPath("$.results[3].target").value("kube-dns"))
			.andExpect(jsonPath("$.results[3].kind").value("tcp"))
			.andExpect(jsonPath("$.results[3].outcome").value("REFUSED"));
	}

	@Test
	void groupsCheckOnlyTheirTargets() throws Exception {
		this.mvc.perform(get("/check/peers"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.results[*].target").value(hasItems("auth", "hello")))
			.andExpect(jsonPath("$.results.length()").value(2));
		this.mvc.perform(get("/check/cross-namespace")).andExpect(jsonPath("$.results.length()").value(2));
		this.mvc.perform(get("/check/hello")).andExpect(jsonPath("$.results[0].outcome").value("OK"));
	}

	@Test
	void dnsReportsNameResolutionOnly() throws Exception {
		this.mvc.perform(get("/check/dns"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.results[0].outcome").value("OK"))
			.andExpect(jsonPath("$.results[0].address").value("127.0.0.1"))
			.andExpect(jsonPath("$.results[5].target").value("httpbin"))
			.andExpect(jsonPath("$.results[5].outcome").value("DNS_FAILURE"));
	}

	@Test
	void textFormatPrintsAnAlignedTableWithHints() throws Exception {
		String byParameter = this.mvc.perform(get("/check/peers").param("format", "text"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String[] lines = byParameter.split("\n");
		assertThat(lines[0]).startsWith("Checks from local run on ");
		// Outside Kubernetes the one reason for every UNKNOWN expectation is said once, above the table.
		assertThat(lines[2]).startsWith("Policy expectations: unknown for every target (not running in Kubernetes");
		assertThat(lines[4]).startsWith("TARGET").contains("OUTCOME", "EXPECTED", "POLICY", "AGREEMENT", "DETAIL");
		assertThat(lines[5]).startsWith("auth ").contains(" OK ").doesNotContain("not running in Kubernetes");
		assertThat(lines[6]).startsWith("hello ");
		assertThat(lines[5].indexOf(" OK ")).isEqualTo(lines[6].indexOf(" OK "));
		assertThat(byParameter).contains("OK  The path is open");
		String byAccept = this.mvc.perform(get("/check/peers").accept(MediaType.TEXT_PLAIN))
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(byAccept).contains("TARGET", "hello");
	}

	@Test
	void unknownTargetAnswers404NamingTheValidTargets() throws Exception {
		this.mvc.perform(get("/check/example.com"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value(containsString("example.com")))
			.andExpect(jsonPath("$.targets").value(hasItems("auth", "hello", "github", "httpbin", "kube-dns", "argocd")));
	}

	@Test
	void previewWithoutPolicyInformationAnswers409SayingSo() throws Exception {
		this.mvc.perform(post("/check/preview").contentType("application/yaml").content("""
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: deny}
				spec: {podSelector: {}, policyTypes: [Egress]}
				"""))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value(startsWith("no policy information to change")));
	}

	@Test
	void unknownFormatAnswers400() throws Exception {
		this.mvc.perform(get("/check/all").param("format", "xml"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value(containsString("format=text")));
		this.mvc.perform(get("/check/services").param("format", "xml"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value(containsString("format=text")));
	}

	@Test
	void listsTheTargetsWithoutCheckingThem() throws Exception {
		this.mvc.perform(get("/check"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.targets[*].name").value(contains("auth", "hello", "argocd", "kube-dns", "github", "httpbin")))
			.andExpect(jsonPath("$.groups").value(hasItems("peers", "internet", "cross-namespace")))
			.andExpect(jsonPath("$.endpoints").value(hasItems("/check/all", "/check/dns", "/check/peers")));
	}

	@Test
	void takesNoUrlFromTheRequest() throws Exception {
		this.mvc.perform(get("/check/all").param("url", "http://127.0.0.2/"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.results[*].url").value(not(hasItems("http://127.0.0.2/"))));
		this.mvc.perform(get("/check/http:%2F%2F127.0.0.2%2F")).andExpect(status().is4xxClientError());
	}

	@Test
	void countsAndTimesChecksPerTargetAndOutcome() throws Exception {
		this.mvc.perform(get("/check/hello")).andExpect(status().isOk());
		String metrics = this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(metrics).containsPattern("checks_results_total\\{[^}]*outcome=\"OK\"[^}]*target=\"hello\"");
		assertThat(metrics).containsPattern("checks_latency_seconds_count\\{[^}]*outcome=\"OK\"[^}]*target=\"hello\"");
	}

	@Test
	void readinessDoesNotDependOnThePeers() throws Exception {
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/health/readiness"))
			.andExpect(jsonPath("$.components").doesNotExist());
	}

	private static WireMockServer startPeers() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		server.stubFor(WireMock.get("/authenticate").willReturn(aResponse().withStatus(200)));
		server.stubFor(WireMock.get("/").willReturn(aResponse().withStatus(200)));
		return server;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static DnsStub startDns() {
		try {
			return DnsStub.answering(Map.of());
		}
		catch (SocketException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
