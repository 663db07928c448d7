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

}
