package io.netpoldemo.lab.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Where everything of one lab lives: a network namespace and an address per pod, a virtual IP per Service, and the
 * router and internet namespaces. Derived from the manifests alone, so {@code up} and every later {@code apply} agree
 * without sharing state.
 *
 * @param prefix the name prefix of every network namespace of this lab
 * @param namespaces the Kubernetes namespaces, labelled as the API server labels them
 * @param pods the pods, one per Deployment
 * @param services the Services with their translations
 */
public record LabTopology(String prefix, List<Namespace> namespaces, List<LabPod> pods, List<LabService> services) {

	/** The label the API server puts on every namespace, which namespaceSelectors match on. */
	static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

	/**
	 * The router namespace: holds the pod bridge and the link to the internet namespace, and no uplink.
	 * @return its name
	 */
	public String routerNetns() {
		return this.prefix + "router";
	}

	/**
	 * The namespace that plays the internet, on documentation addresses.
	 * @return its name
	 */
	public String internetNetns() {
		return this.prefix + "internet";
	}

	/**
	 * Every network namespace of this lab, pods first.
	 * @return the names
	 */
	public List<String> allNetns() {
		List<String> all = new ArrayList<>(this.pods.stream().map(LabPod::netns).toList());
		all.add(routerNetns());
		all.add(internetNetns());
		return all;
	}

	/**
	 * Every Service translation, for the NAT chain of each pod namespace.
	 * @return the routes of all Services
	 */
	public List<ServiceRoute> routes() {
		return this.services.stream().flatMap((service) -> service.routes().stream()).toList();
	}

	/**
	 * The pod that runs a given module's jar, e.g. {@code user-service}.
	 * @param module the Maven module
	 * @return the pod
	 */
	public LabPod podRunning(String module) {
		return this.pods.stream()
			.filter((pod) -> pod.runtime() == PodRuntime.SERVICE_JAR && pod.module().equals(module))
			.findFirst()
			.orElseThrow(() -> new LabException("no Deployment in the manifests runs " + module));
	}

	/**
	 * The pod that serves the cluster DNS.
	 * @return the pod
	 */
	public LabPod dnsPod() {
		return this.pods.stream()
			.filter((pod) -> pod.runtime() == PodRuntime.DNSMASQ)
			.findFirst()
			.orElseThrow(() -> new LabException("the lab's cluster objects define no DNS pod"));
	}

	/**
	 * Lays out a lab for the given objects.
	 * @param manifests the objects, as {@link ManifestSet#load} reads them
	 * @param prefix the network namespace name prefix, e.g. {@code npd-}
	 * @return the topology
	 */
	public static LabTopology of(ManifestSet manifests, String prefix) {
		List<LabPod> pods = new ArrayList<>();
		for (Deployment deployment : manifests.deployments()) {
			pods.add(pod(deployment, prefix, pods.size(), manifests));
		}
		Set<String> netns = new LinkedHashSet<>();
		for (LabPod pod : pods) {
			if (!netns.add(pod.netns()) || pod.netns().equals(prefix + "router")
					|| pod.netns().equals(prefix + "internet")) {
				throw new LabException("Deployment " + pod.namespace() + "/" + pod.name()
						+ ": its network namespace name " + pod.netns() + " is already taken; rename the Deployment");
			}
		}
		List<LabService> services = new ArrayList<>();
		int nextServiceIp = 0;
		for (Service service : manifests.services()) {
			String fixed = service.getSpec().getClusterIP();
			if ("None".equals(fixed)) {
				// A headless Service has no virtual IP to translate: its DNS name answers with the pods themselves.
				throw new LabException("Service " + service.getMetadata().getNamespace() + "/"
						+ service.getMetadata().getName() + " is headless (clusterIP: None), which the lab does not run:"
						+ " remove clusterIP to give it a virtual IP");
			}
			String clusterIp = (fixed != null && !fixed.isBlank()) ? fixed : Addressing.serviceIp(nextServiceIp++);
			services.add(service(service, clusterIp, pods));
		}
		return new LabTopology(prefix, namespaces(manifests, pods), List.copyOf(pods), List.copyOf(services));
	}

	private static LabPod pod(Deployment deployment, String prefix, int index, ManifestSet manifests) {
		String namespace = deployment.getMetadata().getNamespace();
		String deploymentName = deployment.getMetadata().getName();
		String where = "Deployment " + namespace + "/" + deploymentName;
		var template = deployment.getSpec().getTemplate();
		if (template.getSpec().getContainers() == null || template.getSpec().getContainers().isEmpty()) {
			throw new LabException(where + ": the pod template has no container");
		}
		Container container = template.getSpec().getContainers().get(0);
		String podName = deploymentName + "-0";
		String ip = Addressing.podIp(index);
		Map<String, String> labels = (template.getMetadata() != null && template.getMetadata().getLabels() != null)
				? template.getMetadata().getLabels() : Map.of();
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
			String value = envValue(var, namespace, podName, ip, where, manifests);
			if (value != null) {
				env.put(var.getName(), value);
			}
		}
		return new LabPod(namespace, podName, prefix + deploymentName, ip, Map.copyOf(labels), container,
				PodRuntime.forImage(container.getImage(), where), env, template.getSpec().getSecurityContext());
	}

	private static String envValue(EnvVar var, String namespace, String podName, String ip, String where,
			ManifestSet manifests) {
		EnvVarSource source = var.getValueFrom();
		if (source == null) {
			return Objects.requireNonNullElse(var.getValue(), "");
		}
		String field = where + " env " + var.getName();
		if (source.getFieldRef() != null) {
			return switch (source.getFieldRef().getFieldPath()) {
				case "metadata.name" -> podName;
				case "metadata.namespace" -> namespace;
				case "status.podIP" -> ip;
				case "status.hostIP" -> Addressing.POD_GATEWAY;
				case "spec.nodeName" -> "lab";
				default -> throw new LabException(
						field + ": the lab cannot provide fieldRef " + source.getFieldRef().getFieldPath());
			};
		}
		if (source.getSecretKeyRef() != null) {
			var ref = source.getSecretKeyRef();
			String value = manifests.secrets()
				.stream()
				.filter((secret) -> matches(secret.getMetadata(), namespace, ref.getName()))
				.map((secret) -> secretValue(secret, ref.getKey()))
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null);
			return required(value, ref.getOptional(), field + ": no key '" + ref.getKey() + "' in Secret "
					+ namespace + "/" + ref.getName() + " among the manifests");
		}
		if (source.getConfigMapKeyRef() != null) {
			var ref = source.getConfigMapKeyRef();
			String value = manifests.configMaps()
				.stream()
				.filter((map) -> matches(map.getMetadata(), namespace, ref.getName()))
				.map(ConfigMap::getData)
				.filter(Objects::nonNull)
				.map((data) -> data.get(ref.getKey()))
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null);
			return required(value, ref.getOptional(), field + ": no key '" + ref.getKey() + "' in ConfigMap "
					+ namespace + "/" + ref.getName() + " among the manifests");
		}
		throw new LabException(field + ": the lab supports value, fieldRef, secretKeyRef and configMapKeyRef");
	}

	private static boolean matches(io.fabric8.kubernetes.api.model.ObjectMeta metadata, String namespace,
			String name) {
		return namespace.equals(metadata.getNamespace()) && name.equals(metadata.getName());
	}

	private static String secretValue(Secret secret, String key) {
		if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
			return secret.getStringData().get(key);
		}
		if (secret.getData() != null && secret.getData().containsKey(key)) {
			return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
		}
		return null;
	}

	private static String required(String value, Boolean optional, String message) {
		if (value == null && !Boolean.TRUE.equals(optional)) {
			throw new LabException(message);
		}
		return value;
	}

	private static LabService service(Service service, String clusterIp, List<LabPod> pods) {
		String namespace = service.getMetadata().getNamespace();
		String name = service.getMetadata().getName();
		Map<String, String> selector = service.getSpec().getSelector();
		LabPod backend = pods.stream()
			.filter((pod) -> pod.namespace().equals(namespace) && selector != null && !selector.isEmpty()
					&& pod.labels().entrySet().containsAll(selector.entrySet()))
			.findFirst()
			.orElse(null);
		List<ServiceRoute> routes = new ArrayList<>();
		// A manifest may leave the ports out (a headless Service): then the Service routes nothing.
		for (ServicePort port : Objects.requireNonNullElse(service.getSpec().getPorts(), List.<ServicePort>of())) {
			String protocol = Objects.requireNonNullElse(port.getProtocol(), "TCP");
			IntOrString target = port.getTargetPort();
			String targetText = (target == null) ? String.valueOf(port.getPort())
					: (target.getIntVal() != null) ? String.valueOf(target.getIntVal()) : target.getStrVal();
			int targetPort = (backend != null)
					? backend.resolvePort(targetText, "Service " + namespace + "/" + name + " targetPort")
					: port.getPort();
			routes.add(new ServiceRoute(namespace + "/" + name, clusterIp, protocol, port.getPort(),
					(backend != null) ? backend.ip() : null, targetPort));
		}
		return new LabService(namespace, name, clusterIp, List.copyOf(routes));
	}

	private static List<Namespace> namespaces(ManifestSet manifests, List<LabPod> pods) {
		Map<String, Namespace> byName = new LinkedHashMap<>();
		for (Namespace declared : manifests.namespaces()) {
			byName.put(declared.getMetadata().getName(), declared);
		}
		for (LabPod pod : pods) {
			byName.computeIfAbsent(pod.namespace(),
					(name) -> new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
		}
		return byName.values()
			.stream()
			.map((namespace) -> new NamespaceBuilder(namespace).editMetadata()
				.addToLabels(NAMESPACE_NAME_LABEL, namespace.getMetadata().getName())
				.endMetadata()
				.build())
			.toList();
	}

}
