package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.netpoldemo.netpol.connections.Intervals;
import io.netpoldemo.netpol.connections.Peer;

/**
 * The two ends a list pairs, in classes that behave alike: one peer per workload (a pod with a controller counts as
 * its controller, whose first pod speaks for it, as in netpol-analyzer), classes of workloads whose pods behave alike
 * ({@link PodClasses}), and the address ranges outside the cluster cut at the policies' ipBlock boundaries (ingress
 * ipBlocks for sources, egress ipBlocks for destinations), each range a class of its own, one address speaking for it.
 */
final class ConnectionPeers {

	/** The pod (or address) that speaks for each class. */
	final List<Workload> representatives = new ArrayList<>();

	/** The class of each peer. */
	final Map<Peer, Integer> classes = new HashMap<>();

	/** The workloads, then the sources and destinations (workloads and address ranges), each sorted as printed. */
	final List<Peer> workloads = new ArrayList<>();

	final List<Peer> sources = new ArrayList<>();

	final List<Peer> destinations = new ArrayList<>();

	/** The workload of each pod, by {@code namespace/name}. */
	final Map<String, Peer> owners = new HashMap<>();

	ConnectionPeers(ClusterIndex index) {
		addWorkloads(index);
		List<Intervals> ingressBlocks = new ArrayList<>();
		List<Intervals> egressBlocks = new ArrayList<>();
		for (NetworkPolicy policy : index.cluster().policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : PolicyRule.of(policy, direction)) {
					for (NetworkPolicyPeer peer : rule.peers()) {
						Intervals addresses = (peer.getIpBlock() != null) ? IpRanges.of(peer.getIpBlock()) : null;
						if (addresses != null) {
							((direction == Direction.INGRESS) ? ingressBlocks : egressBlocks).add(addresses);
						}
					}
				}
			}
		}
		addAddresses(IpRanges.disjoint(ingressBlocks), this.sources);
		addAddresses(IpRanges.disjoint(egressBlocks), this.destinations);
		Comparator<Peer> printed = Comparator.comparing(Peer::toString);
		this.workloads.sort(printed);
		this.sources.addAll(this.workloads);
		this.sources.sort(printed);
		this.destinations.addAll(this.workloads);
		this.destinations.sort(printed);
	}

	private void addWorkloads(ClusterIndex index) {
		PodClasses podClasses = new PodClasses(index.cluster());
		Map<String, Pod> pods = new HashMap<>();
		index.cluster().pods().forEach((pod) -> pods.putIfAbsent(
				pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod));
		Map<Peer, Workload> firstPods = new LinkedHashMap<>();
		for (Workload pod : index.pods()) {
			Peer owner = owner(pods.get(pod.id()), pod);
			this.owners.put(pod.id(), owner);
			firstPods.putIfAbsent(owner, pod);
		}
		Map<List<Object>, Integer> classKeys = new HashMap<>();
		firstPods.forEach((peer, pod) -> {
			this.classes.put(peer, classKeys.computeIfAbsent(podClasses.key(pod), (key) -> addClass(pod)));
			this.workloads.add(peer);
		});
	}

	private static Peer owner(Pod pod, Workload workload) {
		List<OwnerReference> references = (pod != null) ? pod.getMetadata().getOwnerReferences() : null;
		if (references != null) {
			for (OwnerReference reference : references) {
				if (Boolean.TRUE.equals(reference.getController()) && reference.getKind() != null
						&& reference.getName() != null) {
					return Peer.workload(workload.namespace(), reference.getName(), reference.getKind());
				}
			}
		}
		return Peer.workload(workload.namespace(), workload.name(), "Pod");
	}

	private void addAddresses(List<Intervals> ranges, List<Peer> peers) {
		for (Intervals range : ranges) {
			Peer peer = Peer.external(range);
			if (!this.classes.containsKey(peer)) {
				this.classes.put(peer, addClass(new Workload(Workload.Kind.EXTERNAL, null, peer.name(), Map.of(),
						peer.firstAddress(), List.of())));
			}
			peers.add(peer);
		}
	}

	private int addClass(Workload representative) {
		this.representatives.add(representative);
		return this.representatives.size() - 1;
	}

	int classOf(Peer peer) {
		Integer id = this.classes.get(peer);
		if (id == null) {
			throw new IllegalArgumentException("no workload " + peer + " in the inputs");
		}
		return id;
	}

}
