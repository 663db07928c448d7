package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Seeds a (mock) API server with the demo as {@code make deploy} creates it, from the real files in {@code k8s/}:
 * one running pod per Deployment, the Services, the namespaces with their {@code kubernetes.io/metadata.name} labels,
 * and kube-dns in kube-system as kind runs it. Scenarios come from {@code k8s/policies/}.
 */
final class DemoCluster {

	static final String NAMESPACE = "netpol-demo";

	/** The repository's {@code k8s/}: the tests run in the {@code user-service/} module directory. */
	static final Path K8S = Path.of("").toAbsolutePath().getParent().resolve("k8s");

	private DemoCluster() {
	}

	/**
	 * Creates the demo's objects.
	 * @param client the client of the (mock) API server
	 * @param podIps the IP of each Deployment's pod, by Deployment name, and of {@code kube-dns}
	 */
	static void seed(KubernetesClient client, Map<String, String> podIps) {
		namespace(client, NAMESPACE);
		namespace(client, "kube-system");
		for (String file : List.of("user-service.yaml", "auth-service.yaml", "helloworld-service.yaml")) {
			for (HasMetadata object : load(client, K8S.resolve(file))) {
				if (object instanceof Deployment deployment) {
					client.pods().inNamespace(NAMESPACE).resource(pod(deployment, podIps)).create();
				}
				if (object instanceof Service service) {
					client.services().inNamespace(NAMESPACE).resource(service).create();
				}
			}
		}
		client.pods()
			.inNamespace("kube-system")
			.resource(new PodBuilder().withNewMetadata()
				.withName("coredns-0")
				.withNamespace("kube-system")
				.withLabels(Map.of("k8s-app", "kube-dns"))
				.endMetadata()
				.withNewSpec()
				.addNewContainer()
				.withName("coredns")
				.withPorts(new ContainerPortBuilder().withName("dns").withContainerPort(53).withProtocol("UDP").build(),
						new ContainerPortBuilder().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").build())
				.endContainer()
				.endSpec()
				.withNewStatus()
				.withPhase("Running")
				.withPodIP(podIps.get("kube-dns"))
				.endStatus()
				.build())
			.create();
		client.services()
			.inNamespace("kube-system")
			.resource(new ServiceBuilder().withNewMetadata()
				.withName("kube-dns")
				.withNamespace("kube-system")
				.endMetadata()
				.withNewSpec()
				.withSelector(Map.of("k8s-app", "kube-dns"))
				.addNewPort()
				.withName("dns")
				.withPort(53)
				.withProtocol("UDP")
				.withNewTargetPort(53)
				.endPort()
				.addNewPort()
				.withName("dns-tcp")
				.withPort(53)
				.withProtocol("TCP")
				.withNewTargetPort(53)
				.endPort()
				.endSpec()
				.build())
			.create();
	}

	/** Applies scenario files of {@code k8s/policies/} to the demo namespace, as {@code make apply-*} does. */
	static void apply(KubernetesClient client, String... scenarios) {
		for (String scenario : scenarios) {
			for (HasMetadata object : load(client, K8S.resolve("policies").resolve(scenario + ".yaml"))) {
				client.network().v1().networkPolicies().inNamespace(NAMESPACE).resource((NetworkPolicy) object).create();
			}
		}
	}

	/** Removes every NetworkPolicy of the demo namespace, as {@code make remove-policies} does. */
	static void removePolicies(KubernetesClient client) {
		client.network().v1().networkPolicies().inNamespace(NAMESPACE).delete();
	}

	private static Pod pod(Deployment deployment, Map<String, String> podIps) {
		String name = deployment.getMetadata().getName();
		return new PodBuilder().withNewMetadataLike(deployment.getSpec().getTemplate().getMetadata())
			.withName(name + "-0")
			.withNamespace(NAMESPACE)
			.endMetadata()
			.withSpec(deployment.getSpec().getTemplate().getSpec())
			.withNewStatus()
			.withPhase("Running")
			.withPodIP(podIps.get(name))
			.endStatus()
			.build();
	}

	private static void namespace(KubernetesClient client, String name) {
		client.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata()
				.withName(name)
				.withLabels(Map.of("kubernetes.io/metadata.name", name))
				.endMetadata()
				.build())
			.create();
	}

	private static List<HasMetadata> load(KubernetesClient client, Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return client.load(in).items();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
