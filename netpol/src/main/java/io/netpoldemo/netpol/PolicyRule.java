package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * One ingress or egress rule, the same shape for both directions. An empty peer list matches every peer (the API
 * treats a missing {@code from}/{@code to} and {@code []} alike); an empty port list matches every port.
 *
 * @param policy the policy holding the rule
 * @param direction ingress or egress
 * @param index the rule's index in {@code spec.ingress} or {@code spec.egress}
 * @param peers the {@code from} or {@code to} peers
 * @param ports the port entries
 */
record PolicyRule(NetworkPolicy policy, Direction direction, int index, List<NetworkPolicyPeer> peers,
		List<NetworkPolicyPort> ports) {

	static List<PolicyRule> of(NetworkPolicy policy, Direction direction) {
		List<PolicyRule> rules = new ArrayList<>();
		if (direction == Direction.INGRESS) {
			List<NetworkPolicyIngressRule> ingress = PolicyTypes.ingressRules(policy);
			for (int i = 0; i < ingress.size(); i++) {
				NetworkPolicyIngressRule rule = ingress.get(i);
				rules.add(new PolicyRule(policy, direction, i, orEmpty(rule.getFrom()), orEmpty(rule.getPorts())));
			}
		}
		else {
			List<NetworkPolicyEgressRule> egress = PolicyTypes.egressRules(policy);
			for (int i = 0; i < egress.size(); i++) {
				NetworkPolicyEgressRule rule = egress.get(i);
				rules.add(new PolicyRule(policy, direction, i, orEmpty(rule.getTo()), orEmpty(rule.getPorts())));
			}
		}
		return rules;
	}

	private static <T> List<T> orEmpty(List<T> list) {
		return (list != null) ? list : List.of();
	}

	static String policyId(NetworkPolicy policy) {
		return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
	}

	String policyId() {
		return policyId(this.policy);
	}

	/** For example {@code netpol-demo/user-internet-access egress[1]}, the rule's field path. */
	String id() {
		return policyId() + " " + this.direction.field() + "[" + this.index + "]";
	}

	boolean everyPeer() {
		return this.peers.isEmpty();
	}

	boolean everyPort() {
		return this.ports.isEmpty();
	}

}
