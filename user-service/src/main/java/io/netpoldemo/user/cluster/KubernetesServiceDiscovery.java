package io.netpoldemo.user.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Target;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.kubernetes.commons.discovery.KubernetesServiceInstance;

/**
 * Discovery through Spring Cloud Kubernetes: every Service of this namespace (of every namespace with
 * {@code spring.cloud.kubernetes.discovery.all-namespaces=true}) that has a ready endpoint, on each of its ports.
 * <p>
 * A target is one ready endpoint of the Service ({@code podIP:targetPort}), connected over TCP: that is where a
 * call to the Service ends up after kube-proxy's translation, and what a NetworkPolicy sees (never the Service
 * port). Services without a ready endpoint have nothing to call and are left out.
 */
class KubernetesServiceDiscovery implements ServiceDiscovery {

	static final String GROUP_PREFIX = "services:";

	private final DiscoveryClient client;

	private final String portsPrefix;

	KubernetesServiceDiscovery(DiscoveryClient client, String portsPrefix) {
		this.client = client;
		this.portsPrefix = portsPrefix;
	}

	@Override
	public Discovery discover() {
		List<Target> targets = new ArrayList<>();
		for (String service : this.client.getServices()) {
			Map<String, List<ServiceInstance>> byNamespace = new TreeMap<>();
			for (ServiceInstance instance : this.client.getInstances(service)) {
				byNamespace.computeIfAbsent(namespace(instance), (key) -> new ArrayList<>()).add(instance);
			}
			byNamespace.forEach((namespace, instances) -> {
				ServiceInstance endpoint = instances.stream()
					.min(Comparator.comparing(ServiceInstance::getHost))
					.orElseThrow();
				ports(endpoint).forEach((portName, port) -> targets.add(new Target(
						service + "." + namespace + ":" + portName, GROUP_PREFIX + namespace, Kind.TCP,
						"tcp://" + host(endpoint.getHost()) + ":" + port)));
			});
		}
		targets.sort(Comparator.comparing(Target::name));
		return new Discovery(null, targets);
	}

	private Map<String, Integer> ports(ServiceInstance endpoint) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		new TreeMap<>(endpoint.getMetadata()).forEach((key, value) -> {
			if (key.startsWith(this.portsPrefix)) {
				ports.put(key.substring(this.portsPrefix.length()), Integer.valueOf(value));
			}
		});
		if (ports.isEmpty()) {
			ports.put(String.valueOf(endpoint.getPort()), endpoint.getPort());
		}
		return ports;
	}

	private static String namespace(ServiceInstance instance) {
		if (instance instanceof KubernetesServiceInstance kubernetes && kubernetes.getNamespace() != null) {
			return kubernetes.getNamespace();
		}
		return instance.getMetadata().getOrDefault("k8s_namespace", "unknown-namespace");
	}

	private static String host(String host) {
		return host.contains(":") ? "[" + host + "]" : host;
	}

}
