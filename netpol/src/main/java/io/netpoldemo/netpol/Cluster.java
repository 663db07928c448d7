package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The objects a NetworkPolicy verdict depends on, as fabric8 model types. Every object carries its namespace in
 * {@code metadata.namespace} (the {@link ManifestLoader} fills it in; objects read from the API have it).
 *
 * @param namespaces the namespaces whose labels are known; a namespace used by a pod but missing here is known only
 * by its {@code kubernetes.io/metadata.name} label
 * @param pods the pods, with their labels, container ports and {@code status.podIP} when known
 * @param services the Services, whose selectors and target ports translate a call into pod traffic
 * @param policies the NetworkPolicies
 */
public record Cluster(List<Namespace> namespaces, List<Pod> pods, List<Service> services,
		List<NetworkPolicy> policies) {

	public Cluster {
		namespaces = List.copyOf(namespaces);
		pods = List.copyOf(pods);
		services = List.copyOf(services);
		policies = List.copyOf(policies);
	}

	/** Builds a cluster from objects read from the Kubernetes API (or made by hand). */
	public static Cluster of(List<Namespace> namespaces, List<Pod> pods, List<Service> services,
			List<NetworkPolicy> policies) {
		return new Cluster(namespaces, pods, services, policies);
	}

	public static Cluster empty() {
		return new Cluster(List.of(), List.of(), List.of(), List.of());
	}

	/** This cluster plus the objects of another, for example the demo's manifests plus one scenario. */
	public Cluster plus(Cluster other) {
		return new Cluster(concat(this.namespaces, other.namespaces), concat(this.pods, other.pods),
				concat(this.services, other.services), concat(this.policies, other.policies));
	}

	/** The same namespaces, pods and Services under another set of policies. */
	public Cluster withPolicies(List<NetworkPolicy> policies) {
		return new Cluster(this.namespaces, this.pods, this.services, policies);
	}

	private static <T> List<T> concat(List<T> a, List<T> b) {
		List<T> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
