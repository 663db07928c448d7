package io.netpoldemo.netpol;

import java.util.List;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The checks the API server makes on a NetworkPolicy that a YAML parser cannot: protocols, CIDRs, selector operators,
 * port ranges. A policy the API server would reject never reaches the evaluator.
 */
final class PolicyValidator {

	/**
	 * A field the API server would reject.
	 * @param field the path, such as {@code spec.egress[0].ports[1].protocol}
	 * @param problem what is wrong and what is allowed
	 */
	record Problem(String field, String problem) {
	}

	private PolicyValidator() {
	}

	static Problem validate(NetworkPolicy policy) {
		if (policy.getSpec() == null) {
			return new Problem("spec", "missing; a NetworkPolicy needs a spec with a podSelector");
		}
		Problem problem = selector("spec.podSelector", policy.getSpec().getPodSelector());
		List<String> types = policy.getSpec().getPolicyTypes();
		for (int i = 0; problem == null && types != null && i < types.size(); i++) {
			if (!"Ingress".equals(types.get(i)) && !"Egress".equals(types.get(i))) {
				problem = new Problem("spec.policyTypes[" + i + "]", "'" + types.get(i) + "' is not Ingress or Egress");
			}
		}
		for (Direction direction : Direction.values()) {
			List<PolicyRule> rules = PolicyRule.of(policy, direction);
			for (int r = 0; problem == null && r < rules.size(); r++) {
				problem = rule("spec." + direction.field() + "[" + r + "].", rules.get(r));
			}
		}
		return problem;
	}

	private static Problem rule(String path, PolicyRule rule) {
		for (int i = 0; i < rule.peers().size(); i++) {
			Problem problem = peer(path + rule.direction().peerField() + "[" + i + "]", rule.peers().get(i));
			if (problem != null) {
				return problem;
			}
		}
		for (int i = 0; i < rule.ports().size(); i++) {
			Problem problem = port(path + "ports[" + i + "]", rule.ports().get(i));
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static Problem peer(String path, NetworkPolicyPeer peer) {
		if (peer.getIpBlock() != null) {
			if (peer.getPodSelector() != null || peer.getNamespaceSelector() != null) {
				return new Problem(path, "an ipBlock cannot be combined with selectors in one peer; use two peers");
			}
			Problem problem = cidr(path + ".ipBlock.cidr", peer.getIpBlock().getCidr());
			List<String> excepts = peer.getIpBlock().getExcept();
			for (int i = 0; problem == null && excepts != null && i < excepts.size(); i++) {
				problem = cidr(path + ".ipBlock.except[" + i + "]", excepts.get(i));
			}
			return problem;
		}
		Problem problem = selector(path + ".podSelector", peer.getPodSelector());
		return (problem != null) ? problem : selector(path + ".namespaceSelector", peer.getNamespaceSelector());
	}

	private static Problem cidr(String path, String cidr) {
		if (cidr == null) {
			return new Problem(path, "missing; write a block such as 10.0.0.0/8");
		}
		try {
			Cidr.parse(cidr);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return new Problem(path, ex.getMessage());
		}
	}

	private static Problem port(String path, NetworkPolicyPort port) {
		try {
			Protocol.of(port.getProtocol());
		}
		catch (IllegalArgumentException ex) {
			return new Problem(path + ".protocol", ex.getMessage());
		}
		IntOrString value = port.getPort();
		if (value != null && value.getIntVal() != null && (value.getIntVal() < 1 || value.getIntVal() > 65535)) {
			return new Problem(path + ".port", value.getIntVal() + " is out of range 1-65535");
		}
		if (port.getEndPort() != null) {
			if (value == null || value.getIntVal() == null) {
				return new Problem(path + ".endPort", "needs a numeric port to start the range");
			}
			if (port.getEndPort() < value.getIntVal()) {
				return new Problem(path + ".endPort", port.getEndPort() + " is below port " + value.getIntVal());
			}
		}
		return null;
	}

	private static Problem selector(String path, LabelSelector selector) {
		if (selector == null || selector.getMatchExpressions() == null) {
			return null;
		}
		for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
			LabelSelectorRequirement expression = selector.getMatchExpressions().get(i);
			String operator = expression.getOperator();
			boolean values = expression.getValues() != null && !expression.getValues().isEmpty();
			String field = path + ".matchExpressions[" + i + "]";
			if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
				return new Problem(field + ".operator",
						"'" + operator + "' is not one of In, NotIn, Exists, DoesNotExist");
			}
			if ((operator.equals("In") || operator.equals("NotIn")) && !values) {
				return new Problem(field + ".values", operator + " needs at least one value");
			}
			if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && values) {
				return new Problem(field + ".values", operator + " takes no values");
			}
		}
		return null;
	}

}
