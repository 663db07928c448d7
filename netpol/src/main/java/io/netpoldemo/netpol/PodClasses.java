package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * Pods that behave alike under every rule of a cluster's policies: the same namespace, labels and container ports, and
 * the same answer from every ipBlock the policies name (the only way a pod's IP can matter). A verdict or a connection
 * computed for one pod of a class holds for every other, so each class is evaluated once: that is what lets the
 * matrix and the list follow the number of classes rather than of pods.
 */
final class PodClasses {

	/** Each distinct ipBlock of the policies, parsed once: the cidr first, then its excepts. */
	private final List<List<Cidr>> blocks;

	PodClasses(Cluster cluster) {
		Map<List<String>, List<Cidr>> parsed = new LinkedHashMap<>();
		for (NetworkPolicy policy : cluster.policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : PolicyRule.of(policy, direction)) {
					for (NetworkPolicyPeer peer : rule.peers()) {
						IPBlock block = peer.getIpBlock();
						if (block != null) {
							List<String> texts = new ArrayList<>(List.of(block.getCidr()));
							texts.addAll((block.getExcept() != null) ? block.getExcept() : List.of());
							parsed.computeIfAbsent(texts, (key) -> key.stream().map(Cidr::parse).toList());
						}
					}
				}
			}
		}
		this.blocks = new ArrayList<>(parsed.values());
	}

	/** Equal for two pods exactly when they behave alike under every rule. */
	List<Object> key(Workload pod) {
		return List.of(pod.kind(), pod.namespace(), new TreeMap<>(pod.labels()), pod.ports(), ipBlockAnswers(pod));
	}

	private List<Boolean> ipBlockAnswers(Workload pod) {
		List<Boolean> answers = new ArrayList<>();
		if (pod.ip() == null || this.blocks.isEmpty()) {
			answers.add(pod.ip() == null);
			return answers;
		}
		byte[] address = Cidr.address(pod.ip());
		for (List<Cidr> block : this.blocks) {
			boolean inside = block.get(0).contains(address);
			for (int i = 1; inside && i < block.size(); i++) {
				inside = !block.get(i).contains(address);
			}
			answers.add(inside);
		}
		return answers;
	}

}
