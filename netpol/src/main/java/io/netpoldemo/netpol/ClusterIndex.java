package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** A {@link Cluster} indexed for evaluation: pods as {@link Workload}s, namespace labels, policies per namespace. */
final class ClusterIndex {

	static final String NAME_LABEL = "kubernetes.io/metadata.name";

	static final String DNS_NAMESPACE = "kube-system";

	static final String DNS_LABEL = "k8s-app";

	static final String DNS_LABEL_VALUE = "kube-dns";

	private final Cluster cluster;

	private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

	private final Map<String, Workload> pods = new LinkedHashMap<>();

	/** The pods of each namespace, in input order: where a Service's endpoints are looked for. */
	private final Map<String, List<Workload>> podsByNamespace = new HashMap<>();

	private final Map<String, List<NetworkPolicy>> policies = new HashMap<>();

	private final List<Service> services = new ArrayList<>();

	private final List<Workload> dnsPods = new ArrayList<>();

	private final boolean dnsAssumed;

	/** What each pod object of the inputs became, by identity: a later index over mostly the same objects reuses it. */
	private final Map<Pod, Derived> derived = new IdentityHashMap<>();

	ClusterIndex(Cluster cluster) {
		this(cluster, null);
	}

	/**
	 * An index of the cluster that reuses, for each pod object it shares with an earlier index (the very same
	 * object, as a watch's cache keeps it while the pod is unchanged), what that index derived from it.
	 */
	ClusterIndex(Cluster cluster, ClusterIndex previous) {
		this.cluster = cluster;
		for (Namespace namespace : cluster.namespaces()) {
			Map<String, String> labels = new HashMap<>();
			if (namespace.getMetadata().getLabels() != null) {
				labels.putAll(namespace.getMetadata().getLabels());
			}
			// The API server sets this label on every namespace (Kubernetes 1.22+).
			labels.put(NAME_LABEL, namespace.getMetadata().getName());
			this.namespaceLabels.put(namespace.getMetadata().getName(), labels);
		}
		for (Pod pod : cluster.pods()) {
			Derived known = (previous != null) ? previous.derived.get(pod) : null;
			Derived derived = (known != null) ? known : new Derived(workload(pod));
			this.derived.put(pod, derived);
			this.pods.put(derived.id(), derived.workload());
			this.namespaceLabels.computeIfAbsent(derived.workload().namespace(), (name) -> Map.of(NAME_LABEL, name));
		}
		for (NetworkPolicy policy : cluster.policies()) {
			requireNamespace(policy);
			this.policies.computeIfAbsent(policy.getMetadata().getNamespace(), (ns) -> new ArrayList<>()).add(policy);
		}
		cluster.services().forEach(ClusterIndex::requireNamespace);
		this.services.addAll(cluster.services());
		for (Workload pod : this.pods.values()) {
			this.podsByNamespace.computeIfAbsent(pod.namespace(), (namespace) -> new ArrayList<>()).add(pod);
		}
		for (Workload pod : this.pods.values()) {
			if (DNS_NAMESPACE.equals(pod.namespace()) && DNS_LABEL_VALUE.equals(pod.labels().get(DNS_LABEL))) {
				this.dnsPods.add(pod);
			}
		}
		this.dnsAssumed = this.dnsPods.isEmpty();
		if (this.dnsAssumed) {
			this.dnsPods.add(new Workload(Workload.Kind.ASSUMED_DNS, DNS_NAMESPACE, "kube-dns",
					Map.of(DNS_LABEL, DNS_LABEL_VALUE), null,
					List.of(new Workload.ContainerPort("dns", 53, Protocol.UDP),
							new Workload.ContainerPort("dns-tcp", 53, Protocol.TCP),
							new Workload.ContainerPort("metrics", 9153, Protocol.TCP))));
			this.namespaceLabels.computeIfAbsent(DNS_NAMESPACE, (name) -> Map.of(NAME_LABEL, name));
		}
		if (service(DNS_NAMESPACE, "kube-dns") == null) {
			this.services.add(standardDnsService());
		}
	}

	Cluster cluster() {
		return this.cluster;
	}

	private static void requireNamespace(io.fabric8.kubernetes.api.model.HasMetadata object) {
		if (object.getMetadata() == null || object.getMetadata().getName() == null
				|| object.getMetadata().getNamespace() == null) {
			throw new IllegalArgumentException(object.getKind() + " "
					+ ((object.getMetadata() != null) ? object.getMetadata().getName() : "(no metadata)")
					+ " has no metadata.name or metadata.namespace: the evaluator needs both (ManifestLoader fills the"
					+ " namespace in)");
		}
	}

	static Workload workload(Pod pod) {
		requireNamespace(pod);
		List<Workload.ContainerPort> ports = new ArrayList<>();
		if (pod.getSpec() != null) {
			// A list the manifest gives as null (`containers: null`) holds nothing, as when it is left out.
			List<Container> containers = new ArrayList<>(Objects.requireNonNullElse(pod.getSpec().getContainers(),
					List.of()));
			containers.addAll(Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of()));
			for (Container container : containers) {
				// ManifestLoader skips a port without a number with a warning; the API never serves one.
				Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
					.filter((port) -> port != null && port.getContainerPort() != null)
					.forEach((port) -> ports.add(new Workload.ContainerPort(port.getName(), port.getContainerPort(),
							Protocol.of(port.getProtocol()))));
			}
		}
		Map<String, String> labels = (pod.getMetadata().getLabels() != null) ? pod.getMetadata().getLabels()
				: Map.of();
		String ip = (pod.getStatus() != null && pod.getStatus().getPodIP() != null
				&& !pod.getStatus().getPodIP().isBlank()) ? pod.getStatus().getPodIP() : null;
		return new Workload(Workload.Kind.POD, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), labels,
				ip, ports);
	}

	private static Service standardDnsService() {
		return new ServiceBuilder().withNewMetadata()
			.withName("kube-dns")
			.withNamespace(DNS_NAMESPACE)
			.endMetadata()
			.withNewSpec()
			.withSelector(Map.of(DNS_LABEL, DNS_LABEL_VALUE))
			.addNewPort()
			.withName("dns")
			.withPort(53)
			.withProtocol("UDP")
			.withTargetPort(new IntOrString(53))
			.endPort()
			.addNewPort()
			.withName("dns-tcp")
			.withPort(53)
			.withProtocol("TCP")
			.withTargetPort(new IntOrString(53))
			.endPort()
			.endSpec()
			.build();
	}

	Iterable<Workload> pods() {
		return this.pods.values();
	}

	Workload pod(String id) {
		return this.pods.get(id);
	}

	List<Workload> dnsPods() {
		return this.dnsPods;
	}

	boolean dnsAssumed() {
		return this.dnsAssumed;
	}

	boolean knowsNamespace(String namespace) {
		return this.namespaceLabels.containsKey(namespace);
	}

	/** The namespace's labels; for a namespace the inputs do not contain, only its name label (incomplete). */
	Map<String, String> namespaceLabels(String namespace) {
		return this.namespaceLabels.getOrDefault(namespace, Map.of(NAME_LABEL, namespace));
	}

	List<NetworkPolicy> policies(String namespace) {
		return this.policies.getOrDefault(namespace, List.of());
	}

	List<Service> services() {
		return this.services;
	}

	Service service(String namespace, String name) {
		for (Service service : this.services) {
			if (name.equals(service.getMetadata().getName()) && namespace.equals(service.getMetadata().getNamespace())) {
				return service;
			}
		}
		return null;
	}

	Service serviceByIp(String ip) {
		for (Service service : this.services) {
			if (service.getSpec() != null && ip.equals(service.getSpec().getClusterIP())) {
				return service;
			}
		}
		return null;
	}

	Workload podByIp(String ip) {
		for (Workload pod : this.pods.values()) {
			if (ip.equals(pod.ip())) {
				return pod;
			}
		}
		return null;
	}

	/**
	 * A Service's ports, none when its manifest gives none ({@code ports: null} reads as null; only a headless Service
	 * may have no port on a cluster, and then nothing connects through its cluster IP).
	 */
	static List<ServicePort> ports(Service service) {
		return (service.getSpec() != null) ? Objects.requireNonNullElse(service.getSpec().getPorts(), List.of())
				: List.of();
	}

	/** The pods a Service's selector picks (DNS pods included when they are assumed). */
	List<Workload> backends(Service service) {
		Map<String, String> selector = (service.getSpec() != null) ? service.getSpec().getSelector() : null;
		List<Workload> backends = new ArrayList<>();
		if (selector == null || selector.isEmpty()) {
			return backends;
		}
		List<Workload> candidates = new ArrayList<>(
				this.podsByNamespace.getOrDefault(service.getMetadata().getNamespace(), List.of()));
		if (this.dnsAssumed) {
			candidates.addAll(this.dnsPods);
		}
		for (Workload pod : candidates) {
			if (pod.namespace().equals(service.getMetadata().getNamespace())
					&& pod.labels().entrySet().containsAll(selector.entrySet())) {
				backends.add(pod);
			}
		}
		return backends;
	}

	/**
	 * A pod of the inputs by {@code namespace/name}, or the first with a label as {@code namespace/label=value}.
	 * @throws IllegalArgumentException naming the pods there are when none matches
	 */
	Workload resolve(String reference) {
		int slash = reference.indexOf('/');
		if (slash > 0 && reference.indexOf('=', slash) > slash) {
			String namespace = reference.substring(0, slash);
			String[] label = reference.substring(slash + 1).split("=", 2);
			for (Workload pod : this.pods.values()) {
				if (pod.namespace().equals(namespace) && label[1].equals(pod.labels().get(label[0]))) {
					return pod;
				}
			}
		}
		Workload pod = this.pods.get(reference);
		if (pod == null) {
			throw new IllegalArgumentException("no pod '" + reference + "' in the inputs; write namespace/name or "
					+ "namespace/label=value (pods: " + String.join(", ", this.pods.keySet()) + ")");
		}
		return pod;
	}

	/**
	 * A pod object's workload and its id, made once: the id is the key of every later index too, and a string made
	 * afresh would be hashed afresh for each of them.
	 */
	private record Derived(Workload workload, String id) {

		Derived(Workload workload) {
			this(workload, workload.id());
		}

	}

}
