package io.netpoldemo.user.cluster;

import java.util.List;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Each watched kind cut down to what the NetworkPolicy evaluator reads, before the informer caches it: a pod from
 * the API carries its environment, volumes, probes, status conditions and {@code managedFields} (several KiB), of
 * which a verdict needs the names, labels, IP, container ports and owner. Kept as fabric8 objects, so that the
 * evaluator reads them exactly as it reads manifests.
 * <p>
 * What stays, per kind: metadata name, namespace, uid, resourceVersion (the informer compares it), labels and owner
 * references; for pods the ports of containers and init containers (the evaluator resolves named ports in both) and
 * {@code status.podIP(s)}; for Services the selector, ports, cluster IPs, type and external name; for
 * NetworkPolicies the whole spec. Annotations go: {@code kubectl apply} keeps a second copy of every object there.
 */
final class EvaluatedFields {

	private EvaluatedFields() {
	}

	static UnaryOperator<Namespace> namespaces() {
		return (namespace) -> new NamespaceBuilder().withMetadata(metadata(namespace)).build();
	}

	static UnaryOperator<Pod> pods() {
		return (pod) -> {
			PodBuilder reduced = new PodBuilder().withMetadata(metadata(pod));
			if (pod.getSpec() != null) {
				reduced.withNewSpec()
					.withContainers(ports(pod.getSpec().getContainers()))
					.withInitContainers(ports(pod.getSpec().getInitContainers()))
					.endSpec();
			}
			if (pod.getStatus() != null) {
				reduced.withStatus(new PodStatusBuilder().withPodIP(pod.getStatus().getPodIP())
					.withPodIPs(pod.getStatus().getPodIPs())
					.build());
			}
			return reduced.build();
		};
	}

	static UnaryOperator<Service> services() {
		return (service) -> {
			ServiceBuilder reduced = new ServiceBuilder().withMetadata(metadata(service));
			if (service.getSpec() != null) {
				reduced.withSpec(new ServiceSpecBuilder().withSelector(service.getSpec().getSelector())
					.withPorts(service.getSpec().getPorts())
					.withClusterIP(service.getSpec().getClusterIP())
					.withClusterIPs(service.getSpec().getClusterIPs())
					.withType(service.getSpec().getType())
					.withExternalName(service.getSpec().getExternalName())
					.build());
			}
			return reduced.build();
		};
	}

	static UnaryOperator<NetworkPolicy> policies() {
		return (policy) -> new NetworkPolicyBuilder().withMetadata(metadata(policy)).withSpec(policy.getSpec()).build();
	}

	private static List<Container> ports(List<Container> containers) {
		if (containers == null) {
			return List.of();
		}
		return containers.stream()
			.map((container) -> new ContainerBuilder().withName(container.getName())
				.withPorts(container.getPorts())
				.build())
			.toList();
	}

	private static ObjectMeta metadata(HasMetadata object) {
		ObjectMeta metadata = object.getMetadata();
		return new ObjectMetaBuilder().withName(metadata.getName())
			.withNamespace(metadata.getNamespace())
			.withUid(metadata.getUid())
			.withResourceVersion(metadata.getResourceVersion())
			.withLabels(metadata.getLabels())
			.withOwnerReferences(metadata.getOwnerReferences())
			.build();
	}

}
