package io.netpoldemo.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Pod;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Stage;
import io.netpoldemo.netpol.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab and {@code make explain} read these files through the netpol loader: the demo must load as the cluster
 * would run it, and the scenarios must say what their opening comments promise.
 */
class NetpolReadsTheManifestsTests {

	private static final String USER_POD = "netpol-demo/user-app";

	@Test
	void loadsOnePodPerDeploymentWithItsLabelsAndServices() {
		Cluster cluster = load();
		for (DemoService demo : DemoService.values()) {
			Pod pod = cluster.pods()
				.stream()
				.filter((candidate) -> candidate.getMetadata().getName().equals(demo.deployment))
				.findFirst()
				.orElseThrow(() -> new AssertionError("netpol did not make a pod of " + demo.deployment));
			assertThat(pod.getMetadata().getNamespace()).isEqualTo("netpol-demo");
			assertThat(pod.getMetadata().getLabels()).containsEntry("app", demo.podLabel);
			assertThat(cluster.services()).anySatisfy(
					(service) -> assertThat(service.getMetadata().getName()).isEqualTo(demo.service));
		}
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void loadsEachScenarioIntoTheDemoNamespace(Scenario scenario) {
		Cluster cluster = load(scenario);
		assertThat(cluster.policies()).singleElement().satisfies((policy) -> {
			assertThat(policy.getMetadata().getName()).isEqualTo(scenario.policyName);
			assertThat(policy.getMetadata().getNamespace()).isEqualTo("netpol-demo");
		});
	}

	@Test
	void specificRulesFailEveryNameBasedCallAtNameResolution() {
		PolicyEvaluator evaluator = new PolicyEvaluator(load(Scenario.USER_SPECIFIC_RULES));
		for (String target : List.of("http://auth-app-service:8124/authenticate", "https://api.github.com/",
				"tcp://kube-dns.kube-system.svc.cluster.local:53")) {
			Evaluation call = evaluator.call(USER_POD, target, Protocol.TCP);
			assertThat(call.verdict()).as(target).isEqualTo(Verdict.DENIED);
			assertThat(call.stage()).as(target).isEqualTo(Stage.DNS);
		}
	}

	@Test
	void helloDenyIngressWinsOverInternetAccess() {
		PolicyEvaluator evaluator = new PolicyEvaluator(
				load(Scenario.USER_INTERNET_ACCESS, Scenario.HELLO_DENY_INGRESS));
		assertThat(evaluator.call(USER_POD, "http://helloworld-app-service:8889/", Protocol.TCP).verdict())
			.isEqualTo(Verdict.DENIED);
		assertThat(evaluator.call(USER_POD, "http://auth-app-service:8124/authenticate", Protocol.TCP).verdict())
			.isEqualTo(Verdict.ALLOWED);
	}

	private static Cluster load(Scenario... scenarios) {
		List<Path> paths = new ArrayList<>(List.of("namespace.yaml", "user-service.yaml", "auth-service.yaml",
				"helloworld-service.yaml").stream().map(Manifests.K8S::resolve).toList());
		Stream.of(scenarios).map((scenario) -> Manifests.POLICIES.resolve(scenario.file())).forEach(paths::add);
		return ManifestLoader.load(paths, "netpol-demo");
	}

}
