package io.netpoldemo.user.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /check/preview} against a real user service whose policies come from manifest files: the evaluator's
 * answer for today and with the change, for every target, without a probe; and every bad request refused with a
 * status and a message.
 */
class PreviewIntegrationTests extends ManifestUserService {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void addingADenyShowsEveryTargetTurningDeniedWithoutProbingAny() throws Exception {
		inForce("user-internet-access");
		peer.resetRequests();
		HttpResponse<String> response = post("", scenario("user-default-deny"), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode preview = JSON.readTree(response.body());
		assertThat(preview.path("mode").asString()).isEqualTo("add");
		assertThat(preview.path("policies").get(0).asString()).isEqualTo(DemoCluster.NAMESPACE + "/user-app-default-deny");
		// Added beside user-internet-access, whose egress rule still allows everything: nothing changes.
		assertThat(preview.path("changed")).isEmpty();
		assertThat(preview.path("targets")).hasSize(TARGETS.size()).allSatisfy((target) -> {
			assertThat(target.path("today").path("expected").asString()).isEqualTo("ALLOWED");
			assertThat(target.path("withChange").path("expected").asString()).isEqualTo("ALLOWED");
		});
		assertThat(peer.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
				com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))).as("nothing probed").isEmpty();
	}

	@Test
	void replacingTheNamespacesPoliciesSaysWhichTargetsChangeAndWhy() throws Exception {
		inForce("user-internet-access");
		HttpResponse<String> response = post("?mode=replace", scenario("user-default-deny"), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode preview = JSON.readTree(response.body());
		assertThat(preview.path("mode").asString()).isEqualTo("replace");
		assertThat(preview.path("changed")).hasSize(TARGETS.size());
		JsonNode auth = preview.path("targets").get(0);
		assertThat(auth.path("target").asString()).isEqualTo("auth");
		assertThat(auth.path("changes").asBoolean()).isTrue();
		assertThat(auth.path("today").path("policy").asString()).contains("user-app-network-policy-internet");
		assertThat(auth.path("withChange").path("expected").asString()).isEqualTo("DENIED");
		assertThat(auth.path("withChange").path("policy").asString()).contains("user-app-default-deny");
	}

	@Test
	void namesAndIgnoresDocumentsThatAreNoNetworkPolicy() throws Exception {
		inForce("user-default-deny");
		String body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\n" + scenario("user-internet-access");
		HttpResponse<String> response = post("", body, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode preview = JSON.readTree(response.body());
		assertThat(preview.path("warnings").get(0).asString())
			.isEqualTo("document 1 (ConfigMap settings) is not a NetworkPolicy: ignored");
		assertThat(preview.path("changed")).hasSize(TARGETS.size());
	}

	@Test
	void refusesBadRequestsWithAStatusAndAMessage() throws Exception {
		HttpResponse<String> invalid = post("", """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata:
				  name: wide
				spec:
				  podSelector: {}
				  egress:
				    - ports:
				        - port: 99999
				""", null);
		assertThat(invalid.statusCode()).isEqualTo(400);
		// The evaluator's own message: where, then what (in the API server's words).
		assertThat(error(invalid)).startsWith("request body, document 1, field spec.egress[0].ports[0].port: ")
			.contains("99999");
		HttpResponse<String> nullRule = post("", """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata:
				  name: broken
				spec:
				  podSelector: {}
				  egress: [null]
				""", null);
		assertThat(nullRule.statusCode()).isEqualTo(400);
		assertThat(error(nullRule)).startsWith("request body, document 1, field spec.egress[0]: ")
			.doesNotContain("Exception");
		assertThat(post("", "  \n", null).statusCode()).isEqualTo(400);
		assertThat(error(post("", "kind: ConfigMap\nmetadata: {name: x}\n", null)))
			.startsWith("the body holds no NetworkPolicy");
		assertThat(error(post("?mode=merge", scenario("user-default-deny"), null))).contains("mode=replace");
		HttpResponse<String> large = post("", "#" + "x".repeat(256 * 1024), null);
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(error(large)).isEqualTo("the body is larger than 256 KiB");
		HttpResponse<String> foreign = post("", scenario("user-default-deny"), "http://elsewhere.example");
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(post("", scenario("user-default-deny"), url()).statusCode()).as("the board's own origin")
			.isEqualTo(200);
	}

	@Test
	void listsTheScenarioFilesPackagedFromK8sPolicies() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/check/preview")).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode scenarios = JSON.readTree(response.body()).path("scenarios");
		assertThat(scenarios).extracting(JsonNode::asString).contains("board/scenarios/user-default-deny.yaml");
		HttpResponse<String> file = HTTP.send(
				HttpRequest.newBuilder(URI.create(url() + "/board/scenarios/user-default-deny.yaml")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(file.body()).isEqualTo(scenario("user-default-deny"));
	}

	private HttpResponse<String> post(String query, String body, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/check/preview" + query))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/yaml")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (origin != null) {
			request.header("Origin", origin);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String error(HttpResponse<String> response) {
		return JSON.readTree(response.body()).path("error").asString();
	}

	private static String scenario(String name) throws Exception {
		return Files.readString(ROOT.resolve("k8s/policies").resolve(name + ".yaml"));
	}

}
