package io.netpoldemo.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes make targets: listed by {@code make help}, printing sensible commands under {@code make -n}, driving
 * the lab with {@code LAB=1}, and stopping with a plain message when a tool is missing. No cluster needed.
 */
class MakeTargetsIntegrationTests {

	private static final String CHECK = "KUBECTL='kubectl' REQUEST_TIMEOUT='30s' bin/check --kubectl 'netpol-demo' ";

	@BeforeAll
	static void requireMake() {
		Command.require("make", "the Makefile tests run make -n");
	}

	@Test
	void helpListsEveryTarget() {
		Command help = make("help");
		assertThat(help.exitCode()).as(help.output()).isZero();
		List<String> targets = new ArrayList<>(List.of("cluster", "cluster-delete", "images", "manifests", "deploy",
				"undeploy", "remove-policies", "test-user-to-all-services", "test-user-to-auth", "test-user-to-hello",
				"test-user-internet-access", "test-user-cross-namespace", "test-dns", "port-forward", "status", "logs"));
		Stream.of(Scenario.values()).forEach((scenario) -> targets.add("apply-" + scenario.fileName));
		assertThat(help.output().lines().map(String::strip).map((line) -> line.replaceAll("\\e\\[[0-9;]*m", "")))
			.as(help.output())
			.anySatisfy((line) -> assertThat(line).startsWith("cluster "))
			.satisfies((lines) -> assertThat(targets).allSatisfy(
					(target) -> assertThat(lines).anyMatch((line) -> line.matches(target + "\\s+\\S.*"))));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			test-user-to-all-services | all
			test-user-to-auth         | auth
			test-user-to-hello        | hello
			test-user-internet-access | internet
			test-user-cross-namespace | cross-namespace
			test-dns                  | dns
			""")
	void checkTargetsRunBinCheckThroughTheServiceProxy(String target, String name) {
		String output = dryRun(target);
		assertThat(output).contains("kubectl version --request-timeout=5s");
		assertThat(output.lines()).anyMatch((line) -> line.startsWith(CHECK) && line.endsWith(" " + name));
	}

	@Test
	void checkTargetsPassJUnitAndStrictToBinCheck() {
		assertThat(dryRun("test-user-to-all-services", "JUNIT=out/checks.xml", "STRICT=1"))
			.contains(CHECK + "--junit 'out/checks.xml' --strict all");
		assertThat(dryRun("lab-check", "CHECK=hello", "JUNIT=checks.xml"))
			.contains("bin/check --lab --format 'text' --junit 'checks.xml'")
			.contains("'hello'");
	}

	@Test
	void dnsTargetAlsoResolvesFromAThrowawayPod() {
		assertThat(dryRun("test-dns")).containsPattern(
				"kubectl run -n netpol-demo dns-test-\\$RANDOM --image=curlimages/curl --rm -i --restart=Never"
						+ "[\\s\\\\]+--pod-running-timeout=60s --override-type=json --overrides='.*'"
						+ " -- nslookup auth-app-service");
	}

	@Test
	void dnsThrowawayPodMeetsTheRestrictedPodSecurityProfile() throws Exception {
		Matcher overrides = Pattern.compile("--override-type=json --overrides='([^']*)'").matcher(dryRun("test-dns"));
		assertThat(overrides.find()).as("test-dns passes its pod a JSON patch").isTrue();
		Map<String, JsonNode> patch = new HashMap<>();
		for (JsonNode operation : new ObjectMapper().readTree(overrides.group(1))) {
			assertThat(operation.path("op").asText()).isEqualTo("add");
			patch.put(operation.path("path").asText(), operation.path("value"));
		}
		// https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
		JsonNode pod = patch.get("/spec/securityContext");
		assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(pod.path("runAsUser").asInt()).as("numeric: the image's USER is a name").isPositive();
		assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
		JsonNode container = patch.get("/spec/containers/0/securityContext");
		assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
		assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(container.path("capabilities").path("drop")).extracting(JsonNode::asText).containsExactly("ALL");
		assertThat(container.path("capabilities").has("add")).isFalse();
		assertThat(container.path("privileged").asBoolean()).isFalse();
	}

	@Test
	void namespacedRbacSwitchAddsTheComponentToTheOverlay() {
		Command.require("kubectl", "make manifests renders with kubectl kustomize");
		try {
			Command manifests = make("manifests", "RBAC=namespaced");
			assertThat(manifests.exitCode()).as(manifests.output()).isZero();
			assertThat(manifests.output()).contains("name: user-app-policy-reader")
				.contains("CHECKS_EXPECTATIONS_SCOPE")
				.doesNotContain("kind: ClusterRole");
		}
		finally {
			deleteOverlay();
		}
		Command wrong = make("-n", "manifests", "RBAC=none");
		assertThat(wrong.exitCode()).isNotZero();
		assertThat(wrong.output()).contains("RBAC must be cluster or namespaced, not 'none'");
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void applyTargetAppliesTheScenarioAndRemovesTheOnesItReplaces(Scenario scenario) {
		String output = dryRun("apply-" + scenario.fileName);
		assertThat(output).contains("kubectl apply --request-timeout=30s -n netpol-demo -f " + scenario.path());
		List<String> others = Stream.of(Scenario.values())
			.filter((other) -> other != scenario && other.replacesOthers)
			.map(Scenario::path)
			.toList();
		if (scenario.replacesOthers) {
			String delete = output.lines().filter((line) -> line.contains("kubectl delete")).findFirst().orElseThrow();
			assertThat(delete).contains("-n netpol-demo --ignore-not-found")
				.doesNotContain(scenario.path())
				.doesNotContain("user-allow-dns")
				.doesNotContain("hello-deny-ingress");
			assertThat(others).allSatisfy((other) -> assertThat(delete).contains("-f " + other));
		}
		else {
			assertThat(output).doesNotContain("kubectl delete");
		}
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void applyTargetWithLabAddsTheScenarioToTheLab(Scenario scenario) {
		String output = dryRun("apply-" + scenario.fileName, "LAB=1", "MAKE=echo make");
		String replaces = Stream.of(Scenario.values())
			.filter((other) -> other != scenario && other.replacesOthers)
			.map(Scenario::path)
			.reduce((a, b) -> a + " " + b)
			.orElseThrow();
		String expected = "make lab-add POLICY=" + scenario.path()
				+ (scenario.replacesOthers ? " REPLACES=\"" + replaces + "\"" : "");
		assertThat(output.lines()).contains("echo " + expected);
		assertThat(output).doesNotContain("kubectl");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			remove-policies           | lab-reset
			status                    | lab-status
			test-user-to-all-services | lab-check CHECK=all
			test-user-to-auth         | lab-check CHECK=auth
			test-user-to-hello        | lab-check CHECK=hello
			test-user-internet-access | lab-check CHECK=internet
			test-user-cross-namespace | lab-check CHECK=cross-namespace
			test-dns                  | lab-check CHECK=dns
			""")
	void labSwitchDrivesTheLabTargets(String target, String labTarget) {
		// MAKE=echo make: a recursive make line is printed (by -n, or by echo when make runs it anyway under -n),
		// so the test needs no lab targets.
		String output = dryRun(target, "LAB=1", "MAKE=echo make");
		assertThat(output.lines().map((line) -> line.replaceFirst("^echo ", ""))).contains("make " + labTarget);
		assertThat(output).doesNotContain("kubectl");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			cluster          | kind create cluster --name 'netpol-demo'
			cluster-delete   | kind delete cluster --name 'netpol-demo'
			images           | ./mvnw -B -ntp -Pimages -pl user-service,auth-service,helloworld-service -am package -DskipTests
			deploy           | kind load docker-image --name 'netpol-demo' netpol-demo/user-service:latest netpol-demo/auth-service:latest netpol-demo/helloworld-service:latest
			deploy           | kubectl apply --request-timeout=30s -k .run/k8s-overlay
			deploy           | kubectl -n netpol-demo rollout status deployment/user-app --timeout=180s
			undeploy         | kubectl delete --request-timeout=30s --ignore-not-found -k .run/k8s-overlay
			remove-policies  | kubectl delete --request-timeout=30s -n netpol-demo --ignore-not-found -f k8s/policies
			port-forward     | kubectl port-forward -n netpol-demo service/user-app-service 8080:80
			status           | kubectl get --request-timeout=30s -n netpol-demo pods,endpoints,networkpolicies -o wide
			logs             | kubectl logs --request-timeout=30s -n netpol-demo --prefix --tail=100
			manifests        | kubectl kustomize .run/k8s-overlay
			""")
	void clusterTargetsPrintTheirCommands(String target, String expected) {
		assertThat(dryRun(target)).contains(expected);
	}

	@Test
	void calicoOptionInstallsCalicoAfterCreatingTheClusterWithoutItsDefaultNetwork() {
		String output = dryRun("cluster", "CNI=calico");
		assertThat(output).contains("'  disableDefaultCNI: true'")
			.containsPattern("kubectl --context 'kind-netpol-demo' apply .*-f https://\\S+/calico.yaml")
			.contains("rollout status daemonset/calico-node");
		assertThat(dryRun("cluster")).doesNotContain("calico.yaml").doesNotContain("disableDefaultCNI");
	}

	@Test
	void rejectsAnUnknownNetworkPlugin() {
		Command cluster = make("-n", "cluster", "CNI=flannel");
		assertThat(cluster.exitCode()).isNotZero();
		assertThat(cluster.output()).contains("CNI must be kindnet or calico, not 'flannel'");
	}

	@Test
	void variablesOverrideNamespaceClusterAndImages() {
		assertThat(dryRun("test-user-to-auth", "NAMESPACE=demo"))
			.contains("bin/check --kubectl 'demo'");
		assertThat(dryRun("deploy", "KIND_CLUSTER=other", "IMAGE_PREFIX=registry.test/np", "IMAGE_TAG=v1"))
			.contains("kind load docker-image --name 'other' registry.test/np/user-service:v1")
			.contains("'    newName: registry.test/np/user-service' '    newTag: \"v1\"'");
		assertThat(dryRun("images", "IMAGE_PREFIX=registry.test/np", "IMAGE_TAG=v1"))
			.contains("-Dimage.prefix=registry.test/np -Dimage.tag=v1");
	}

	@Test
	void manifestsRendersWithTheChosenNamespaceAndImages() {
		Command.require("kubectl", "make manifests renders with kubectl kustomize");
		Command manifests = make("manifests", "NAMESPACE=demo", "IMAGE_PREFIX=registry.test/np", "IMAGE_TAG=v1");
		try {
			assertThat(manifests.exitCode()).as(manifests.output()).isZero();
			List<Manifest> rendered = Manifests.parse(Path.of("make-manifests.yaml"), manifests.output().lines()
				.dropWhile((line) -> !line.startsWith("apiVersion"))
				.reduce("", (a, b) -> a + b + "\n"));
			assertThat(rendered).filteredOn((manifest) -> manifest.object().getKind().equals("Deployment"))
				.hasSize(3)
				.allSatisfy((manifest) -> assertThat(manifest.object().getMetadata().getNamespace()).isEqualTo("demo"));
			assertThat(manifests.output()).contains("image: registry.test/np/user-service:v1")
				.contains("image: registry.test/np/helloworld-service:v1")
				.doesNotContain("namespace: netpol-demo");
		}
		finally {
			deleteOverlay();
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			apply-user-default-deny   | KUBECTL=/nonexistent/kubectl | kubectl not found (KUBECTL=/nonexistent/kubectl)
			test-user-to-all-services | KUBECTL=/nonexistent/kubectl | kubectl not found (KUBECTL=/nonexistent/kubectl)
			status                    | KUBECTL=false                | no Kubernetes API server answers
			cluster                   | KIND=/nonexistent/kind       | kind not found (KIND=/nonexistent/kind)
			images                    | DOCKER=/nonexistent/docker   | docker not found (DOCKER=/nonexistent/docker)
			""")
	void stopsWithAPlainMessageWhenAToolIsMissing(String target, String override, String message) {
		Command run = make(target, override);
		assertThat(run.exitCode()).as(run.output()).isNotZero();
		assertThat(run.output()).contains(message);
	}

	private static String dryRun(String target, String... variables) {
		List<String> arguments = new ArrayList<>(List.of("-n", target));
		arguments.addAll(List.of(variables));
		Command run = make(arguments.toArray(String[]::new));
		assertThat(run.exitCode()).as("make -n %s: %s", target, run.output()).isZero();
		return run.output();
	}

	private static Command make(String... arguments) {
		return Make.run(arguments);
	}

	private static void deleteOverlay() {
		Path overlay = Manifests.ROOT.resolve(".run/k8s-overlay");
		try {
			Files.deleteIfExists(overlay.resolve("kustomization.yaml"));
			Files.deleteIfExists(overlay);
			// .run/ is shared with the local run: remove it only if the overlay was all it held.
			Files.deleteIfExists(overlay.getParent());
		}
		catch (DirectoryNotEmptyException ex) {
			// Someone else's files: leave them.
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
