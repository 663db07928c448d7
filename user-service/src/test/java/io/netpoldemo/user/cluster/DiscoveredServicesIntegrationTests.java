package io.netpoldemo.user.cluster;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code GET /check/services} in a pod: Services seeded in fabric8's mock API server, discovered by Spring Cloud
 * Kubernetes' discovery client in this pod's namespace only, and probed at their endpoints with the usual outcome
 * classes and expectations.
 */
@SpringBootTest(properties = { "spring.main.cloud-platform=kubernetes",
		"spring.cloud.kubernetes.client.namespace=" + DemoCluster.NAMESPACE, "checks.timeouts.connect=1s",
		"checks.timeouts.request=2s" })
@AutoConfigureMockMvc
@DirtiesContext
@EnableKubernetesMockClient(crud = true)
@Import(InThePod.class)
class DiscoveredServicesIntegrationTests {

	private static final LoopbackPeers peers = new LoopbackPeers();

	static KubernetesClient client;

	static KubernetesMockServer server;

	@Autowired
	private MockMvc mvc;

	@BeforeAll
	static void seed() throws Exception {
		InThePod.client = client;
		DemoCluster.seed(client, Map.of("user-app", InThePod.USER_IP, "auth-app", "127.0.0.11", "helloworld-app",
				"127.0.0.12", "kube-dns", "127.0.0.14"));
		int auth = URI.create(peers.http("127.0.0.11", "/")).getPort();
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.12"))) {
			closed = socket.getLocalPort();
		}
		int kubeDns = URI.create(peers.tcp("127.0.0.14")).getPort();
		endpoints(DemoCluster.NAMESPACE, "auth-app-service", "127.0.0.11", auth);
		// Nothing listens on the helloworld endpoint any more: the pod is there, the port refuses.
		endpoints(DemoCluster.NAMESPACE, "helloworld-app-service", "127.0.0.12", closed);
		endpoints("kube-system", "kube-dns", "127.0.0.14", kubeDns);
	}

	@AfterAll
	static void stopPeers() throws Exception {
		peers.close();
	}

	@Test
	void probesEveryDiscoveredServiceOfThisNamespaceAtItsEndpoint() throws Exception {
		Map<String, JsonNode> results = awaitServices(2);
		assertThat(results).containsOnlyKeys("auth-app-service.netpol-demo:http",
				"helloworld-app-service.netpol-demo:http");
		JsonNode auth = results.get("auth-app-service.netpol-demo:http");
		assertThat(auth.path("outcome").asString()).isEqualTo("OK");
		assertThat(auth.path("group").asString()).isEqualTo("services:netpol-demo");
		assertThat(auth.path("kind").asString()).isEqualTo("tcp");
		assertThat(auth.path("address").asString()).startsWith("127.0.0.11:");
		assertThat(auth.path("expected").asString()).isEqualTo("ALLOWED");
		assertThat(auth.path("agreement").asString()).isEqualTo("MATCH");
		JsonNode hello = results.get("helloworld-app-service.netpol-demo:http");
		assertThat(hello.path("outcome").asString()).isEqualTo("REFUSED");
		assertThat(hello.path("agreement").asString()).isEqualTo("MATCH");
	}

	@Test
	void printsTheDiscoveredServicesAsTheUsualTable() throws Exception {
		awaitServices(2);
		String table = this.mvc.perform(get("/check/services").param("format", "text"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(table).contains("auth-app-service.netpol-demo:http").contains("REFUSED").contains("EXPECTED");
	}

	@Test
	void readsTheApiExactlyAsTheRbacManifestAllows() throws Exception {
		awaitServices(2);
		Set<ApiRequest> requests = new LinkedHashSet<>();
		for (int i = server.getRequestCount(); i > 0; i--) {
			RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
			// The test's own seeding creates objects; everything else is the service reading.
			if (request != null && !request.getMethod().equals("POST")) {
				requests.add(ApiRequest.of(request.getMethod(), request.getPath()));
			}
		}
		Set<ApiRequest> grants = RbacGrants.read(client, DemoCluster.NAMESPACE);
		assertThat(requests).isNotEmpty().allSatisfy((request) -> assertThat(RbacGrants.allows(grants, request))
			.as("%s is granted by k8s/user-rbac.yaml (grants: %s)", request, grants)
			.isTrue());
		// Spring Cloud Kubernetes reads its own pod only where a service account token is mounted: not in this test.
		Set<ApiRequest> unused = new LinkedHashSet<>(grants);
		unused.remove(new ApiRequest("get", "", "pods", DemoCluster.NAMESPACE));
		unused.removeIf((grant) -> requests.stream()
			.anyMatch((request) -> RbacGrants.allows(Set.of(grant), request)));
		assertThat(unused).as("granted but never used").isEmpty();
	}

	/** Runs after the tests above (JUnit runs a class's own tests before its nested ones). */
	@Nested
	@TestPropertySource(properties = "spring.cloud.kubernetes.discovery.all-namespaces=true")
	class InAllNamespaces {

		@Autowired
		private MockMvc mvc;

		@Test
		void probesTheServicesOfEveryNamespaceWhenConfigured() throws Exception {
			Map<String, JsonNode> results = awaitServices(this.mvc, 3);
			assertThat(results).containsOnlyKeys("auth-app-service.netpol-demo:http",
					"helloworld-app-service.netpol-demo:http", "kube-dns.kube-system:dns-tcp");
			assertThat(results.get("kube-dns.kube-system:dns-tcp").path("outcome").asString()).isEqualTo("OK");
		}

	}

	private Map<String, JsonNode> awaitServices(int count) throws Exception {
		return awaitServices(this.mvc, count);
	}

	private static Map<String, JsonNode> awaitServices(MockMvc mvc, int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Map<String, JsonNode> results = new LinkedHashMap<>();
		do {
			String body = mvc.perform(get("/check/services")).andReturn().getResponse().getContentAsString();
			results.clear();
			for (JsonNode result : JsonMapper.builder().build().readTree(body).path("results")) {
				results.put(result.path("target").asString(), result);
			}
			boolean known = results.values().stream().noneMatch((r) -> r.path("expected").asString().equals("UNKNOWN"));
			if (results.size() >= count && known) {
				return results;
			}
			Thread.sleep(100);
		}
		while (System.nanoTime() < deadline);
		return results;
	}

	private static void endpoints(String namespace, String service, String ip, int port) {
		client.endpoints()
			.inNamespace(namespace)
			.resource(new EndpointsBuilder().withNewMetadata()
				.withName(service)
				.withNamespace(namespace)
				.endMetadata()
				.addNewSubset()
				.addNewAddress()
				.withIp(ip)
				.endAddress()
				.addNewPort()
				.withName(namespace.equals("kube-system") ? "dns-tcp" : "http")
				.withPort(port)
				.withProtocol("TCP")
				.endPort()
				.endSubset()
				.build())
			.create();
	}

}
