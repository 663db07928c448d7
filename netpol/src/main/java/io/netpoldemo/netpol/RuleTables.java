package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Every rule of a cluster's policies, numbered, with what {@link RuleMatcher} says of it against each class of
 * {@link ConnectionPeers}, asked once: whether its peers hold the class, and the ports it opens towards the class
 * (the same for every class when the rule names no port, else by the class's container ports). Safe to share between
 * threads: a race only computes the same answer twice.
 */
final class RuleTables {

	private final RuleMatcher matcher;

	private final List<Workload> representatives;

	private final Map<PolicyRule, Integer> ids = new IdentityHashMap<>();

	private final List<PolicyRule> rules = new ArrayList<>();

	/** Whether rule r's peers hold class c: 0 not asked yet, then 1 + {@link Tri#ordinal()}. */
	private final byte[][] peerMatches;

	/** The ports of each rule when it names no port, else {@code null}. */
	private final RuleMatcher.RulePorts[] constantPorts;

	/** The ports of rules that name ports, by rule and the destination's container ports. */
	private final Map<Long, RuleMatcher.RulePorts> namedPorts = new ConcurrentHashMap<>();

	/** Each class's kind and container ports, numbered: what named ports resolve against. */
	private final int[] portSignatures;

	private static final Tri[] TRI = Tri.values();

	RuleTables(ClusterIndex index, ConnectionCheck check, List<Workload> representatives) {
		this.matcher = check.matcher();
		this.representatives = representatives;
		for (NetworkPolicy policy : index.cluster().policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : check.rules(policy, direction)) {
					this.ids.put(rule, this.rules.size());
					this.rules.add(rule);
				}
			}
		}
		this.peerMatches = new byte[this.rules.size()][representatives.size()];
		this.constantPorts = new RuleMatcher.RulePorts[this.rules.size()];
		for (int id = 0; id < this.rules.size(); id++) {
			PolicyRule rule = this.rules.get(id);
			if (rule.ports().stream().noneMatch((port) -> port.getPort() != null && port.getPort().getStrVal() != null)) {
				this.constantPorts[id] = this.matcher.ports(rule, null);
			}
		}
		Map<List<Object>, Integer> signatures = new HashMap<>();
		this.portSignatures = new int[representatives.size()];
		for (int id = 0; id < this.portSignatures.length; id++) {
			Workload pod = representatives.get(id);
			this.portSignatures[id] = signatures.computeIfAbsent(List.of(pod.kind(), pod.ports()),
					(key) -> signatures.size());
		}
	}

	int id(PolicyRule rule) {
		return this.ids.get(rule);
	}

	PolicyRule rule(int id) {
		return this.rules.get(id);
	}

	/** The class's kind and container ports, as a number: equal numbers resolve named ports alike. */
	int portSignature(int destination) {
		return this.portSignatures[destination];
	}

	Tri peers(int rule, int peer) {
		byte[] matches = this.peerMatches[rule];
		if (matches[peer] == 0) {
			matches[peer] = (byte) (1 + this.matcher.peers(this.rules.get(rule), this.representatives.get(peer)).ordinal());
		}
		return TRI[matches[peer] - 1];
	}

	RuleMatcher.RulePorts ports(int rule, int destination) {
		RuleMatcher.RulePorts constant = this.constantPorts[rule];
		if (constant != null) {
			return constant;
		}
		return this.namedPorts.computeIfAbsent(((long) rule << 32) | this.portSignatures[destination],
				(key) -> this.matcher.ports(this.rules.get(rule), this.representatives.get(destination)));
	}

}
