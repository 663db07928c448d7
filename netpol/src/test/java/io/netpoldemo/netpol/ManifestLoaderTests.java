package io.netpoldemo.netpol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ManifestLoaderTests {

	@TempDir
	Path directory;

	@Test
	void deploymentBecomesOnePodNamedAfterItWithItsTemplate() {
		Cluster cluster = Demo.with();
		Pod hello = cluster.pods().get(2);
		assertThat(hello.getMetadata().getName()).isEqualTo("helloworld-app");
		assertThat(hello.getMetadata().getNamespace()).isEqualTo("netpol-demo");
		assertThat(hello.getMetadata().getLabels()).containsEntry("app", "helloworld-app-pod");
		assertThat(hello.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort()).isEqualTo(8888);
		assertThat(cluster.services()).extracting((service) -> service.getMetadata().getName())
			.containsExactly("user-app-service", "auth-app-service", "helloworld-app-service");
		assertThat(cluster.namespaces()).hasSize(1);
	}

	@Test
	void readsDirectoriesRecursivelyAndKeepsPodIps() throws IOException {
		Files.createDirectories(this.directory.resolve("nested/deeper"));
		Files.writeString(this.directory.resolve("nested/deeper/pod.yml"), """
				apiVersion: v1
				kind: Pod
				metadata: {name: web, namespace: shop}
				status: {podIP: 10.1.2.3}
				""");
		Files.writeString(this.directory.resolve("notes.txt"), "kind: Nonsense");
		Cluster cluster = ManifestLoader.load(List.of(this.directory));
		assertThat(cluster.pods()).singleElement().satisfies((pod) -> {
			assertThat(pod.getMetadata().getNamespace()).isEqualTo("shop");
			assertThat(pod.getStatus().getPodIP()).isEqualTo("10.1.2.3");
		});
	}

	@Test
	void kustomizationNamespaceAppliesToTheFilesBesideIt() throws IOException {
		Files.writeString(this.directory.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				namespace: team-a
				resources: [svc.yaml]
				""");
		Files.writeString(this.directory.resolve("svc.yaml"), """
				apiVersion: v1
				kind: ServiceAccount
				metadata: {name: ignored}
				---
				apiVersion: v1
				kind: Service
				metadata: {name: api}
				""");
		Cluster cluster = ManifestLoader.load(List.of(this.directory), "elsewhere");
		assertThat(cluster.services()).extracting((service) -> service.getMetadata().getNamespace())
			.containsExactly("team-a");
	}

	@Test
	void objectsWithoutANamespaceGetTheDefault() {
		Cluster cluster = ManifestLoader.parse("""
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: p}
				spec: {podSelector: {}}
				""", Path.of("p.yaml"), "demo");
		assertThat(cluster.policies()).extracting(HasMetadata::getMetadata)
			.extracting((meta) -> meta.getNamespace())
			.containsExactly("demo");
	}

	@Test
	void listItemsAreRead() {
		Cluster cluster = ManifestLoader.parse("""
				apiVersion: v1
				kind: List
				items:
				- {apiVersion: v1, kind: Namespace, metadata: {name: a}}
				- {apiVersion: v1, kind: Namespace, metadata: {name: b}}
				""", Path.of("list.yaml"), "default");
		assertThat(cluster.namespaces()).hasSize(2);
	}

	@Test
	void fieldOfTheWrongTypeIsNamedWithItsPath() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("""
					apiVersion: v1
					kind: Namespace
					metadata: {name: a}
					---
					apiVersion: networking.k8s.io/v1
					kind: NetworkPolicy
					metadata: {name: p}
					spec:
					  podSelector: {}
					  ingress:
					  - from:
					    - podSelector: {matchLabels: [app]}
					""", Path.of("p.yaml"), "default"))
			.satisfies((ex) -> {
				assertThat(ex.file()).isEqualTo(Path.of("p.yaml"));
				assertThat(ex.document()).isEqualTo(2);
				assertThat(ex.field()).isEqualTo("spec.ingress[0].from[0].podSelector.matchLabels");
				assertThat(ex.getMessage()).startsWith("p.yaml, document 2, field "
						+ "spec.ingress[0].from[0].podSelector.matchLabels: expected a mapping");
			});
	}

	@Test
	void missingKindIsNamed() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("metadata: {name: x}\n", Path.of("x.yaml"), "default"))
			.withMessage("x.yaml, document 1, field kind: missing; every document must be a Kubernetes object with a kind");
	}

	@Test
	void missingNameIsNamed() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("apiVersion: v1\nkind: Service\nmetadata: {}\n", Path.of("s.yaml"),
					"default"))
			.withMessage("s.yaml, document 1, field metadata.name: missing; every Service needs a name");
	}

	@Test
	void deploymentWithoutATemplateIsNamed() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
					Path.of("d.yaml"), "default"))
			.withMessage("d.yaml, document 1, field spec.template: missing; a Deployment needs a pod template");
	}

	@Test
	void containerPortWithoutANumberIsSkippedWithAWarning() {
		Manifests manifests = ManifestLoader.parseManifests("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: d}
				spec:
				  template:
				    metadata: {labels: {app: d}}
				    spec:
				      containers:
				      - name: c
				        ports: [{name: http}, null, {name: metrics, containerPort: 9090}]
				""", Path.of("d.yaml"), "demo");
		assertThat(manifests.warnings()).containsExactly(
				"d.yaml, document 1, field spec.template.spec.containers[0].ports[0]: no containerPort; skipped, so no"
						+ " named-port rule resolves to it",
				"d.yaml, document 1, field spec.template.spec.containers[0].ports[1]: null; skipped, so no named-port"
						+ " rule resolves to it");
		assertThat(manifests.cluster().pods().get(0).getSpec().getContainers().get(0).getPorts())
			.extracting((port) -> port.getName())
			.containsExactly("metrics");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			containers: [null]                                | spec.containers[0]: null; a container is a mapping with name, image and ports
			containers: [{name: c, ports: [{containerPort: 0}]}] | spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive
			containers: [{name: c, ports: [{containerPort: 80, protocol: udp}]}] | spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"
			""")
	void podTheApiServerWouldRejectIsNamedWithItsField(String spec, String message) {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("kind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec: {" + spec
					+ "}\n", Path.of("p.yaml"), "demo"))
			.withMessage("p.yaml, document 1, field " + message);
	}

	@Test
	void containerListsGivenAsNullHoldNothing() {
		Cluster cluster = ManifestLoader.parse("""
				kind: Pod
				metadata: {name: p, labels: {app: p}}
				spec: {containers: null, initContainers: null}
				---
				kind: Pod
				metadata: {name: q, labels: {app: q}}
				spec: {containers: [{name: c, ports: null}]}
				""", Path.of("p.yaml"), "demo");
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		assertThat(evaluator.containerPort("demo/p", "http", Protocol.TCP)).isEqualTo(-1);
		assertThat(evaluator.containerPort("demo/q", "http", Protocol.TCP)).isEqualTo(-1);
		assertThat(evaluator.evaluate("demo/p", "demo/q", 80, Protocol.TCP).verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(Reachability.of(evaluator, "http", Protocol.TCP).table()).contains("demo/p", "demo/q");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			kind: Pod, metadata: {name: p, labels: {app: null}}               | metadata.labels.app: null; a label value is a string (write "" for the empty value)
			kind: Service, metadata: {name: s}, spec: {selector: {app: null}} | spec.selector.app: null; a label value is a string (write "" for the empty value)
			kind: Service, metadata: {name: s}, spec: {ports: [null]}         | spec.ports[0]: null; a Service port is a mapping such as {port: 80, targetPort: http}
			kind: Service, metadata: {name: s}, spec: {ports: [{targetPort: 80}]} | spec.ports[0].port: Required value: the port the Service listens on
			kind: Pod, metadata: {name: p, ownerReferences: [null]}           | metadata.ownerReferences[0]: null; an owner reference is a mapping with apiVersion, kind, name and uid
			""")
	void nullAndMissingFieldsOfOtherObjectsAreNamed(String object, String message) {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("{apiVersion: v1, " + object + "}", Path.of("o.yaml"), "demo"))
			.withMessage("o.yaml, document 1, field " + message);
	}

	@Test
	void objectDefinedTwiceIsUsedAsLastDefinedAndReported() throws IOException {
		Path first = Files.writeString(this.directory.resolve("a.yaml"), """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: p, namespace: demo}
				spec: {podSelector: {}, policyTypes: [Ingress]}
				""");
		Path second = Files.writeString(this.directory.resolve("b.yaml"), """
				apiVersion: v1
				kind: Namespace
				metadata: {name: demo}
				---
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: p, namespace: demo}
				spec: {podSelector: {}, policyTypes: [Egress]}
				""");
		Manifests manifests = ManifestLoader.read(List.of(first, second), "default", null);
		assertThat(manifests.cluster().policies()).singleElement()
			.satisfies((policy) -> assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress"));
		assertThat(manifests.duplicates()).containsExactly(
				new Manifests.Duplicate("NetworkPolicy", "demo/p", first + ", document 1", second + ", document 2"));
		assertThat(new PolicyLinter(new PolicyEvaluator(manifests.cluster()), manifests.duplicates()).lint()).filteredOn((lint) -> lint.code() == Lint.Code.DUPLICATE_OBJECT)
			.extracting(Lint::toString)
			.containsExactly("DUPLICATE_OBJECT demo/p: NetworkPolicy defined in " + first + ", document 1 and again in "
					+ second + ", document 2: the last one is used, as kubectl apply would leave it; remove or rename"
					+ " one of them");
	}

	@Test
	void sameNameOfAnotherKindOrNamespaceIsNoDuplicate() {
		Manifests manifests = ManifestLoader.parseManifests("""
				{apiVersion: v1, kind: Service, metadata: {name: x}}
				---
				{apiVersion: v1, kind: Pod, metadata: {name: x}}
				---
				{apiVersion: v1, kind: Pod, metadata: {name: x, namespace: other}}
				""", Path.of("x.yaml"), "default");
		assertThat(manifests.duplicates()).isEmpty();
		assertThat(manifests.cluster().pods()).hasSize(2);
	}

	@Test
	void keyTwiceInOneDocumentIsRefused() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.parse("""
					apiVersion: networking.k8s.io/v1
					kind: NetworkPolicy
					metadata: {name: p}
					spec:
					  podSelector: {}
					  podSelector: {matchLabels: {app: a}}
					""", Path.of("p.yaml"), "default"))
			.withMessage("p.yaml, document 1: not valid YAML at line 6, column 14: Duplicate field 'podSelector'");
	}

	@Test
	void policiesOfOtherApisAreNamedAndLeftOut() {
		Manifests manifests = ManifestLoader.parseManifests("""
				{apiVersion: policy.networking.k8s.io/v1alpha1, kind: AdminNetworkPolicy, metadata: {name: anp}}
				---
				{apiVersion: policy.networking.k8s.io/v1alpha1, kind: BaselineAdminNetworkPolicy, metadata: {name: default}}
				---
				{apiVersion: policy.networking.k8s.io/v1alpha2, kind: ClusterNetworkPolicy, metadata: {name: cnp}}
				---
				{apiVersion: cilium.io/v2, kind: CiliumNetworkPolicy, metadata: {name: c}}
				---
				{apiVersion: cilium.io/v2, kind: CiliumClusterwideNetworkPolicy, metadata: {name: cc}}
				---
				{apiVersion: projectcalico.org/v3, kind: NetworkPolicy, metadata: {name: k, namespace: x}, spec: {tier: a}}
				---
				{apiVersion: crd.projectcalico.org/v1, kind: GlobalNetworkPolicy, metadata: {name: g}}
				""", Path.of("other.yaml"), "demo");
		assertThat(manifests.cluster().policies()).isEmpty();
		assertThat(manifests.ignored()).extracting(Manifests.Ignored::toString)
			.containsExactly("AdminNetworkPolicy anp (other.yaml, document 1)",
					"BaselineAdminNetworkPolicy default (other.yaml, document 2)",
					"ClusterNetworkPolicy cnp (other.yaml, document 3)", "CiliumNetworkPolicy demo/c (other.yaml, document 4)",
					"CiliumClusterwideNetworkPolicy cc (other.yaml, document 5)",
					"NetworkPolicy (projectcalico.org/v3) x/k (other.yaml, document 6)",
					"GlobalNetworkPolicy g (other.yaml, document 7)");
	}

	@Test
	void resourcesOfOtherApisAreNamedAndLeftOutButAnUnknownKindOfTheReadApisIsRefused() {
		Manifests manifests = ManifestLoader.parseManifests("""
				{apiVersion: monitoring.coreos.com/v1, kind: ServiceMonitor, metadata: {name: m, namespace: x}}
				---
				{apiVersion: crd.antrea.io/v1beta1, kind: ClusterNetworkPolicy, metadata: {name: acnp}}
				""", Path.of("crds.yaml"), "demo");
		assertThat(manifests.ignored()).extracting(Manifests.Ignored::toString)
			.containsExactly("ServiceMonitor (monitoring.coreos.com/v1) x/m (crds.yaml, document 1)",
					"ClusterNetworkPolicy acnp (crds.yaml, document 2)");
		for (String typo : List.of("{apiVersion: apps/v1, kind: Deploymnet, metadata: {name: d}}",
				"{apiVersion: networking.k8s.io/v1, kind: NetworkPolicie, metadata: {name: p}}",
				"{apiVersion: v1, kind: Widget, metadata: {name: w}}")) {
			assertThatExceptionOfType(ManifestException.class)
				.isThrownBy(() -> ManifestLoader.parseManifests(typo, Path.of("typo.yaml"), "demo"))
				.withMessageContaining("field kind: unknown kind");
		}
	}

}
