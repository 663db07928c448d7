package io.netpoldemo.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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
	void namespaceEnforcesTheRestrictedPodSecurityProfileAtAPinnedVersion() {
		Namespace namespace = named(render(Manifests.K8S), Namespace.class, "netpol-demo");
		assertThat(namespace.getMetadata().getLabels())
			.containsEntry("pod-security.kubernetes.io/enforce", "restricted")
			.hasEntrySatisfying("pod-security.kubernetes.io/enforce-version",
					(version) -> assertThat(version).as("pinned, not latest").matches("v1\\.[0-9]+"));
	}

	@Test
	void defaultRbacReadsTheFourKindsClusterWideAndSaysWhy() throws IOException {
		List<Manifest> rendered = render(Manifests.K8S);
		ClusterRole reader = named(rendered, ClusterRole.class, "netpol-demo-user-app-reader");
		assertThat(grants(reader.getRules())).containsExactlyInAnyOrder("/namespaces", "/pods", "/services",
				"networking.k8s.io/networkpolicies");
		assertThat(named(rendered, ClusterRoleBinding.class, "netpol-demo-user-app-reader").getSubjects())
			.singleElement()
			.satisfies((subject) -> assertThat(subject.getNamespace()).isEqualTo("netpol-demo"));
		assertThat(userEnvironment(rendered)).doesNotContainKey("CHECKS_EXPECTATIONS_SCOPE");
		// Each cluster-wide grant carries its reason next to it.
		String source = Files.readString(Manifests.K8S.resolve("user-rbac.yaml"));
		assertThat(source).contains("only because the expectations for targets in other namespaces need it")
			.contains("k8s/components/namespaced-rbac")
			.contains("- namespaces:")
			.contains("- pods:")
			.contains("- services:")
			.contains("- networkpolicies:");
	}

	@Test
	void namespacedRbacComponentReadsOnlyTheDemoNamespace(@TempDir Path directory) throws IOException {
		Path k8s = directory.relativize(Manifests.K8S);
		Files.writeString(directory.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				namespace: netpol-demo
				resources:
				  - %s
				components:
				  - %s
				""".formatted(k8s, k8s.resolve("components/namespaced-rbac")));
		List<Manifest> rendered = render(directory);
		assertThat(Manifests.ofType(rendered, ClusterRole.class)).as("no cluster-wide grant").isEmpty();
		assertThat(Manifests.ofType(rendered, ClusterRoleBinding.class)).isEmpty();
		Role reader = named(rendered, Role.class, "user-app-policy-reader");
		assertThat(reader.getMetadata().getNamespace()).isEqualTo("netpol-demo");
		assertThat(grants(reader.getRules())).containsExactlyInAnyOrder("/pods", "/services",
				"networking.k8s.io/networkpolicies");
		RoleBinding binding = named(rendered, RoleBinding.class, "user-app-policy-reader");
		assertThat(binding.getMetadata().getNamespace()).isEqualTo("netpol-demo");
		assertThat(binding.getRoleRef().getName()).isEqualTo("user-app-policy-reader");
		assertThat(binding.getSubjects()).singleElement().satisfies((subject) -> {
			assertThat(subject.getName()).isEqualTo("user-app");
			assertThat(subject.getNamespace()).isEqualTo("netpol-demo");
		});
		assertThat(userEnvironment(rendered)).containsEntry("CHECKS_EXPECTATIONS_SCOPE", "namespace")
			.containsKey("POD_NAMESPACE");
		assertThat(Manifests.ofType(rendered, Namespace.class)).singleElement()
			.satisfies((namespace) -> assertThat(namespace.getMetadata().getLabels())
				.containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
	}

	/** Each rule as apiGroup/resource, for list and watch only: read access and nothing else. */
	private static List<String> grants(List<PolicyRule> rules) {
		return rules.stream().flatMap((rule) -> {
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("list", "watch");
			return rule.getApiGroups()
				.stream()
				.flatMap((group) -> rule.getResources().stream().map((resource) -> group + "/" + resource));
		}).toList();
	}

	private static Map<String, String> userEnvironment(List<Manifest> rendered) {
		return named(rendered, Deployment.class, DemoService.USER.deployment).getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getEnv()
			.stream()
			.collect(Collectors.toMap(EnvVar::getName, (variable) -> String.valueOf(variable.getValue())));
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
