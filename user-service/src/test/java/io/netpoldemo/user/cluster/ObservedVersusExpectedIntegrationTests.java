package io.netpoldemo.user.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The user service as it runs in a pod: Spring Cloud Kubernetes active, the API served by fabric8's mock server with
 * the demo's objects, every target reachable on loopback addresses that are the pods' IPs. With
 * {@code user-default-deny} applied, every check still gets through, which is what a cluster whose network plugin
 * ignores NetworkPolicy shows: the results must say MISMATCH and point at the network plugin.
 */
@SpringBootTest(properties = { "spring.main.cloud-platform=kubernetes",
		"spring.cloud.kubernetes.client.namespace=" + DemoCluster.NAMESPACE, "checks.timeouts.connect=1s",
		"checks.timeouts.request=2s", "checks.timeouts.dns=1s", "checks.dns.hosts-file=/nonexistent/hosts" })
@AutoConfigureMockMvc
@DirtiesContext
@EnableKubernetesMockClient(crud = true)
@Import(InThePod.class)
class ObservedVersusExpectedIntegrationTests {

	private static final LoopbackPeers peers = new LoopbackPeers();

	static KubernetesClient client;

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) {
		registry.add("checks.targets.auth.url", () -> peers.http("127.0.0.11", "/authenticate"));
		registry.add("checks.targets.hello.url", () -> peers.http("127.0.0.12", "/"));
		registry.add("checks.targets.github.url", () -> peers.http("127.0.0.13", "/users/octocat"));
		registry.add("checks.targets.httpbin.url", () -> peers.http("127.0.0.13", "/ip"));
		registry.add("checks.targets.kube-dns.url", () -> peers.tcp("127.0.0.14"));
		registry.add("checks.targets.argocd.url", () -> peers.http("127.0.0.15", "/"));
	}

	@BeforeAll
	static void seed() {
		InThePod.client = client;
		DemoCluster.seed(client, Map.of("user-app", InThePod.USER_IP, "auth-app", "127.0.0.11", "helloworld-app",
				"127.0.0.12", "kube-dns", "127.0.0.14"));
	}

	@AfterEach
	void removePolicies() {
		DemoCluster.removePolicies(client);
	}

	@AfterAll
	static void stopPeers() throws Exception {
		peers.close();
	}

	@Test
	void trafficThroughADenyingPolicyIsAMismatchThatPointsAtTheNetworkPlugin() throws Exception {
		DemoCluster.apply(client, "user-default-deny");
		JsonNode report = awaitReport((result) -> result.path("policy").asString().contains("user-app-default-deny"));
		assertThat(report.path("results")).hasSize(6).allSatisfy((result) -> {
			assertThat(result.path("outcome").asString()).as(result.toString()).isEqualTo("OK");
			assertThat(result.path("expected").asString()).isEqualTo("DENIED");
			assertThat(result.path("agreement").asString()).isEqualTo("MISMATCH");
			assertThat(result.path("policy").asString()).contains("user-app-default-deny");
			assertThat(result.path("hint").asString()).contains("network plugin");
		});
		String table = this.mvc.perform(get("/check/all").param("format", "text"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(table).contains("MISMATCH").contains("DENIED");
	}

	@Test
	void trafficAPolicyAllowsIsAMatch() throws Exception {
		DemoCluster.apply(client, "user-internet-access");
		// Until the watch sees the new policy, "not isolated" also says ALLOWED: wait for the policy itself.
		JsonNode report = awaitReport(
				(result) -> result.path("policy").asString().contains("user-app-network-policy-internet"));
		assertThat(report.path("results")).hasSize(6).allSatisfy((result) -> {
			assertThat(result.path("outcome").asString()).as(result.toString()).isEqualTo("OK");
			assertThat(result.path("agreement").asString()).isEqualTo("MATCH");
			assertThat(result.path("policy").asString()).contains("user-app-network-policy-internet");
		});
	}

	/** {@code /check/all} once every result satisfies {@code ready}: the watches catch up within moments. */
	private JsonNode awaitReport(Predicate<JsonNode> ready) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		JsonNode report;
		do {
			String body = this.mvc.perform(get("/check/all")).andReturn().getResponse().getContentAsString();
			report = JsonMapper.builder().build().readTree(body);
			boolean all = true;
			for (JsonNode result : report.path("results")) {
				all &= ready.test(result);
			}
			if (all) {
				return report;
			}
			Thread.sleep(100);
		}
		while (System.nanoTime() < deadline);
		return report;
	}

}
