package io.netpoldemo.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl kustomize} renders what {@code make deploy} applies, with the exact names, ports and labels, and each
 * scenario renders on its own. Needs kubectl (no cluster).
 */
class KustomizeIntegrationTests {

	@BeforeAll
	static void requireKubectl() {
		Command.require("kubectl", "the kustomize rendering tests need it (no cluster)");
	}

	@Test
	void rendersTheThreeServicesWithTheirExactNamesPortsAndLabels() {
		List<Manifest> rendered = render(Manifests.K8S);
		for (DemoService demo : DemoService.values()) {
			Service service = named(rendered, Service.class, demo.service);
			assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", demo.podLabel));
			assertThat(service.getSpec().getPorts()).singleElement().satisfies((port) -> {
				assertThat(port.getPort()).isEqualTo(demo.servicePort);
				assertThat(port.getTargetPort().getIntVal()).isEqualTo(demo.containerPort);
			});
			Deployment deployment = named(rendered, Deployment.class, demo.deployment);
			assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", demo.podLabel);
			assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).singleElement()
				.satisfies((container) -> assertThat(container.getImage()).isEqualTo(demo.image()));
		}
	}

	@Test
	void placesEveryNamespacedObjectInTheDemoNamespace() {
		List<Manifest> rendered = render(Manifests.K8S);
		Map<String, String> namespaces = rendered.stream()
			.map(Manifest::object)
			.filter((object) -> !List.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(object.getKind()))
			.collect(Collectors.toMap((object) -> object.getKind() + "/" + object.getMetadata().getName(),
					(object) -> object.getMetadata().getNamespace()));
		assertThat(namespaces).isNotEmpty().allSatisfy((object, namespace) -> assertThat(namespace).isEqualTo("netpol-demo"));
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void rendersEachScenarioOnItsOwn(Scenario scenario, @TempDir Path directory) throws IOException {
		Files.copy(Manifests.POLICIES.resolve(scenario.file()), directory.resolve(scenario.file()));
		Files.writeString(directory.resolve("kustomization.yaml"), """
				namespace: netpol-demo
				resources:
				  - %s
				""".formatted(scenario.file()));
		assertThat(render(directory)).singleElement().satisfies((manifest) -> {
			NetworkPolicy policy = (NetworkPolicy) manifest.object();
			assertThat(policy.getMetadata().getName()).isEqualTo(scenario.policyName);
			assertThat(policy.getMetadata().getNamespace()).isEqualTo("netpol-demo");
		});
	}

	@Test
	void monitoringIsAComponentOutsideTheDefaultBuild() throws IOException {
		assertThat(Command.run(Manifests.ROOT, List.of("kubectl", "kustomize", Manifests.K8S.toString())).output())
			.doesNotContain("kind: ServiceMonitor")
			.doesNotContain("kind: PrometheusRule");
		// kustomize wants a component's path relative, from a root that does not contain k8s/: an overlay in .run/.
		Path overlay = Files.createDirectories(Manifests.ROOT.resolve(".run"));
		Path directory = Files.createTempDirectory(overlay, "monitoring-overlay");
		try {
			Files.writeString(directory.resolve("kustomization.yaml"), """
					apiVersion: kustomize.config.k8s.io/v1beta1
					kind: Kustomization
					resources:
					  - ../../k8s
					components:
					  - ../../k8s/monitoring
					""");
			Command kustomize = Command.run(Manifests.ROOT, List.of("kubectl", "kustomize", directory.toString()));
			assertThat(kustomize.exitCode()).as(kustomize.output()).isZero();
			assertThat(kustomize.output()).contains("kind: ServiceMonitor")
				.contains("path: /actuator/prometheus")
				.contains("kind: PrometheusRule")
				.contains("alert: NetworkPolicyNotEnforced")
				.contains("namespace: netpol-demo");
		}
		finally {
			Files.deleteIfExists(directory.resolve("kustomization.yaml"));
			Files.deleteIfExists(directory);
		}
	}

	private static List<Manifest> render(Path directory) {
		Command kustomize = Command.run(Manifests.ROOT, List.of("kubectl", "kustomize", directory.toString()));
		assertThat(kustomize.exitCode()).as(kustomize.output()).isZero();
		return Manifests.parse(directory.resolve("rendered.yaml"), kustomize.output());
	}

	private static <T extends HasMetadata> T named(List<Manifest> rendered, Class<T> type, String name) {
		return Manifests.ofType(rendered, type)
			.stream()
			.filter((object) -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("kubectl kustomize renders no " + type.getSimpleName() + " " + name));
	}

}
