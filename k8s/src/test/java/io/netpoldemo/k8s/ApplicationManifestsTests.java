package io.netpoldemo.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The manifests in {@code k8s/} held to the apps and to each other: names, ports, labels, probes, hardening, images.
 */
class ApplicationManifestsTests {

	private static final List<Manifest> MANIFESTS = Manifests.application();

	@Test
	void readsEveryObjectIntoItsTypedClass() {
		Map<String, Long> kinds = MANIFESTS.stream()
			.collect(Collectors.groupingBy((manifest) -> manifest.object().getKind(), Collectors.counting()));
		assertThat(kinds).containsOnly(Map.entry("Namespace", 1L), Map.entry("Secret", 1L),
				Map.entry("ServiceAccount", 3L), Map.entry("Deployment", 3L), Map.entry("Service", 3L),
				Map.entry("ClusterRole", 1L), Map.entry("ClusterRoleBinding", 1L), Map.entry("Role", 1L),
				Map.entry("RoleBinding", 1L));
	}

	@Test
	void rejectsAnUnknownFieldNamingTheFileDocumentAndField() {
		String yaml = """
				apiVersion: v1
				kind: Namespace
				metadata:
				  name: fine
				---
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: typo
				spec:
				  template:
				    spec:
				      containers:
				        - name: app
				          readinesProbe: {}
				""";
		assertThatIllegalArgumentException().isThrownBy(() -> Manifests.parse(Path.of("typo.yaml"), yaml))
			.withMessageContaining("typo.yaml document 2")
			.withMessageContaining("readinesProbe");
	}

	@Test
	void rejectsAKindTheDemoDoesNotUse() {
		String yaml = """
				apiVersion: v1
				kind: Pdo
				metadata:
				  name: typo
				""";
		assertThatIllegalArgumentException().isThrownBy(() -> Manifests.parse(Path.of("kind.yaml"), yaml))
			.withMessageContaining("kind.yaml document 1")
			.withMessageContaining("v1/Pdo");
	}

	@Test
	void namesTheDemoNamespaceAndLeavesNamespacesToKustomize() {
		assertThat(Manifests.ofType(MANIFESTS, Namespace.class)).singleElement()
			.satisfies((namespace) -> assertThat(namespace.getMetadata().getName()).isEqualTo("netpol-demo"));
		assertThat(MANIFESTS).allSatisfy((manifest) -> assertThat(manifest.object().getMetadata().getNamespace())
			.as("%s names no namespace: kustomize and make set NAMESPACE", manifest.where())
			.isNull());
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void serviceHasTheExactNamePortAndSelector(DemoService demo) {
		Service service = service(demo);
		assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", demo.podLabel));
		assertThat(service.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(demo.servicePort);
			assertThat(port.getProtocol()).isEqualTo("TCP");
		});
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void serviceSelectsThePodsOfItsDeploymentAndNoOther(DemoService demo) {
		Map<String, String> selector = service(demo).getSpec().getSelector();
		for (DemoService other : DemoService.values()) {
			Map<String, String> labels = deployment(other).getSpec().getTemplate().getMetadata().getLabels();
			assertThat(labels.entrySet().containsAll(selector.entrySet()))
				.as("%s selects the pods of %s", demo.service, other.deployment)
				.isEqualTo(other == demo);
		}
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void deploymentSelectsItsOwnTemplate(DemoService demo) {
		Deployment deployment = deployment(demo);
		assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", demo.podLabel));
		assertThat(deployment.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", demo.podLabel);
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void targetPortIsANamedContainerPortOfThePods(DemoService demo) {
		ServicePort port = service(demo).getSpec().getPorts().get(0);
		ContainerPort target = containerPort(container(demo), port.getTargetPort());
		assertThat(target.getContainerPort()).isEqualTo(demo.containerPort);
		assertThat(target.getProtocol()).isEqualTo(port.getProtocol());
		assertThat(target.getName()).as("named container port").isNotBlank();
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void probesUseActuatorProbeGroupsOnTheAppPort(DemoService demo) {
		Container container = container(demo);
		assertProbe(container, container.getLivenessProbe(), "/actuator/health/liveness", demo);
		assertProbe(container, container.getReadinessProbe(), "/actuator/health/readiness", demo);
		assertProbe(container, container.getStartupProbe(), "/actuator/health/liveness", demo);
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void containerPortAndProbesMatchTheAppsOwnConfiguration(DemoService demo) throws Exception {
		JsonNode application = new YAMLMapper()
			.readTree(Manifests.ROOT.resolve(demo.artifactId).resolve("src/main/resources/application.yaml").toFile());
		assertThat(application.at("/server/port").asInt()).as("server.port of %s", demo.artifactId)
			.isEqualTo(demo.containerPort);
		// Boot adds the liveness and readiness groups on its own only where it detects Kubernetes; enabled explicitly,
		// they answer on the same paths in the lab and in local runs too.
		assertThat(application.at("/management/endpoint/health/probes/enabled").asBoolean()).isTrue();
		assertThat(application.at("/management/endpoints/web/exposure/include").asText()).contains("health");
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void podIsHardened(DemoService demo) {
		PodSpec pod = deployment(demo).getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getContainers()).allSatisfy((container) -> {
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
			assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
			assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
			assertThat(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory")))
				.isLessThanOrEqualTo(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")));
			assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
				assertThat(mount.getMountPath()).isEqualTo("/tmp");
				assertThat(pod.getVolumes()).anySatisfy((volume) -> {
					assertThat(volume.getName()).isEqualTo(mount.getName());
					assertThat(volume.getEmptyDir()).isNotNull();
				});
			});
		});
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void podGetsItsIdentityFromTheDownwardApi(DemoService demo) {
		Map<String, String> fields = container(demo).getEnv()
			.stream()
			.filter((env) -> env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null)
			.collect(Collectors.toMap(EnvVar::getName, (env) -> env.getValueFrom().getFieldRef().getFieldPath()));
		assertThat(fields).containsOnly(Map.entry("POD_NAME", "metadata.name"),
				Map.entry("POD_NAMESPACE", "metadata.namespace"), Map.entry("POD_IP", "status.podIP"));
	}

	@Test
	void demoTokenComesFromTheSecretForAuthAndUserOnly() {
		Set<String> secrets = Manifests.ofType(MANIFESTS, Secret.class)
			.stream()
			.map((secret) -> secret.getMetadata().getName() + "/" + String.join(",", secret.getStringData().keySet()))
			.collect(Collectors.toSet());
		for (DemoService demo : DemoService.values()) {
			List<EnvVar> tokens = container(demo).getEnv()
				.stream()
				.filter((env) -> env.getName().equals("AUTH_DEMO_TOKEN"))
				.toList();
			if (demo == DemoService.HELLO) {
				assertThat(tokens).isEmpty();
				continue;
			}
			assertThat(tokens).singleElement().satisfies((env) -> {
				assertThat(env.getValue()).as("never inline").isNull();
				String reference = env.getValueFrom().getSecretKeyRef().getName() + "/"
						+ env.getValueFrom().getSecretKeyRef().getKey();
				assertThat(secrets).contains(reference);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void onlyTheUserServiceMountsAServiceAccountToken(DemoService demo) {
		boolean readsTheApi = demo == DemoService.USER;
		PodSpec pod = deployment(demo).getSpec().getTemplate().getSpec();
		assertThat(pod.getServiceAccountName()).isEqualTo(demo.deployment);
		assertThat(pod.getAutomountServiceAccountToken()).isEqualTo(readsTheApi);
		ServiceAccount account = Manifests.ofType(MANIFESTS, ServiceAccount.class)
			.stream()
			.filter((candidate) -> candidate.getMetadata().getName().equals(demo.deployment))
			.findFirst()
			.orElseThrow();
		assertThat(account.getAutomountServiceAccountToken()).isEqualTo(readsTheApi);
	}

	@ParameterizedTest
	@EnumSource(DemoService.class)
	void imageIsTheOneJibBuildsForTheModule(DemoService demo) throws Exception {
		Container container = container(demo);
		assertThat(container.getImage()).isEqualTo(demo.image());
		assertThat(container.getImagePullPolicy()).as("kind loads images: never pull").isEqualTo("IfNotPresent");

		Document root = xml(Manifests.ROOT.resolve("pom.xml"));
		assertThat(text(root, "image.prefix")).isEqualTo("netpol-demo");
		assertThat(texts(root, "module")).contains(demo.artifactId);
		assertThat(texts(root, "image")).contains("${image.prefix}/${project.artifactId}:${image.tag}");

		Document module = xml(Manifests.ROOT.resolve(demo.artifactId).resolve("pom.xml"));
		assertThat(text(module.getDocumentElement(), "artifactId")).isEqualTo(demo.artifactId);
		assertThat(texts(module, "artifactId")).as("%s declares Jib", demo.artifactId).contains("jib-maven-plugin");
	}

	@Test
	void rbacIsReadOnlyAndBoundToTheUserServiceAccount() {
		List<PolicyRule> rules = new ArrayList<>();
		Manifests.ofType(MANIFESTS, Role.class).forEach((role) -> rules.addAll(role.getRules()));
		Manifests.ofType(MANIFESTS, ClusterRole.class).forEach((role) -> rules.addAll(role.getRules()));
		assertThat(rules).isNotEmpty()
			.allSatisfy((rule) -> assertThat(rule.getVerbs()).isSubsetOf("get", "list", "watch"));

		Set<String> roles = MANIFESTS.stream()
			.map(Manifest::object)
			.filter((object) -> object instanceof Role || object instanceof ClusterRole)
			.map((object) -> object.getKind() + "/" + object.getMetadata().getName())
			.collect(Collectors.toSet());
		List<Subject> subjects = new ArrayList<>();
		Manifests.ofType(MANIFESTS, RoleBinding.class).forEach((binding) -> {
			assertThat(roles).contains(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName());
			subjects.addAll(binding.getSubjects());
		});
		Manifests.ofType(MANIFESTS, ClusterRoleBinding.class).forEach((binding) -> {
			assertThat(roles).contains(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName());
			subjects.addAll(binding.getSubjects());
		});
		assertThat(subjects).isNotEmpty().allSatisfy((subject) -> {
			assertThat(subject.getKind()).isEqualTo("ServiceAccount");
			assertThat(subject.getName()).isEqualTo(DemoService.USER.deployment);
		});
	}

	@Test
	void kustomizationListsEveryApplicationFileAndNoScenario() throws Exception {
		JsonNode kustomization = new YAMLMapper().readTree(Manifests.K8S.resolve("kustomization.yaml").toFile());
		List<String> resources = new ArrayList<>();
		kustomization.path("resources").forEach((resource) -> resources.add(resource.asText()));
		assertThat(kustomization.path("namespace").asText()).isEqualTo("netpol-demo");
		assertThat(resources).containsExactlyInAnyOrderElementsOf(MANIFESTS.stream()
			.map((manifest) -> manifest.file().getFileName().toString())
			.distinct()
			.toList());
	}

	private static void assertProbe(Container container, Probe probe, String path, DemoService demo) {
		assertThat(probe).as("%s probe on %s", path, demo.deployment).isNotNull();
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get.getPath()).isEqualTo(path);
		assertThat(containerPort(container, get.getPort()).getContainerPort()).isEqualTo(demo.containerPort);
	}

	static ContainerPort containerPort(Container container, IntOrString port) {
		return container.getPorts()
			.stream()
			.filter((candidate) -> (port.getIntVal() != null) ? port.getIntVal().equals(candidate.getContainerPort())
					: port.getStrVal().equals(candidate.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"port " + port + " is not a container port of " + container.getName() + ": " + container.getPorts()));
	}

	static Service service(DemoService demo) {
		return Manifests.ofType(MANIFESTS, Service.class)
			.stream()
			.filter((service) -> service.getMetadata().getName().equals(demo.service))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Service named " + demo.service + " in k8s/"));
	}

	static Deployment deployment(DemoService demo) {
		return Manifests.ofType(MANIFESTS, Deployment.class)
			.stream()
			.filter((deployment) -> deployment.getMetadata().getName().equals(demo.deployment))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Deployment named " + demo.deployment + " in k8s/"));
	}

	static Container container(DemoService demo) {
		List<Container> containers = deployment(demo).getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).as("one container in %s", demo.deployment).hasSize(1);
		return containers.get(0);
	}

	private static Document xml(Path file) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
	}

	private static String text(Document document, String tag) {
		return texts(document, tag).stream().findFirst().orElse(null);
	}

	/** The text of a direct child element: a module's own artifactId, not its parent's. */
	private static String text(Element parent, String tag) {
		NodeList children = parent.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i) instanceof Element child && child.getTagName().equals(tag)) {
				return child.getTextContent().trim();
			}
		}
		return null;
	}

	private static List<String> texts(Document document, String tag) {
		NodeList nodes = document.getElementsByTagName(tag);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent().trim());
		}
		return texts;
	}

}
