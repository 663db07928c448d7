package io.netpoldemo.netpol;

import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;

/**
 * Which directions a policy isolates, with the API's defaulting: without {@code policyTypes}, Ingress always and
 * Egress only when {@code spec.egress} has rules
 * (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/). Rules of a direction the
 * policy does not list are ignored.
 */
public final class PolicyTypes {

	private PolicyTypes() {
	}

	public static boolean isolates(NetworkPolicy policy, Direction direction) {
		List<String> types = (policy.getSpec() != null) ? policy.getSpec().getPolicyTypes() : null;
		if (types != null && !types.isEmpty()) {
			return types.stream().anyMatch(direction.policyType()::equalsIgnoreCase);
		}
		return direction == Direction.INGRESS || !egressRules(policy).isEmpty();
	}

	/** Whether {@code spec.policyTypes} is left to defaulting. */
	public static boolean defaulted(NetworkPolicy policy) {
		return policy.getSpec() == null || policy.getSpec().getPolicyTypes() == null
				|| policy.getSpec().getPolicyTypes().isEmpty();
	}

	static List<NetworkPolicyIngressRule> ingressRules(NetworkPolicy policy) {
		return (policy.getSpec() != null && policy.getSpec().getIngress() != null) ? policy.getSpec().getIngress()
				: List.of();
	}

	static List<NetworkPolicyEgressRule> egressRules(NetworkPolicy policy) {
		return (policy.getSpec() != null && policy.getSpec().getEgress() != null) ? policy.getSpec().getEgress()
				: List.of();
	}

}
