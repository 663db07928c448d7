package io.netpoldemo.netpol;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The checks the API server makes on a NetworkPolicy that a YAML parser cannot: protocols, ports and port ranges,
 * CIDRs, selector operators, peers; plus the null elements a YAML list or mapping can hold ({@code egress: [null]}),
 * which the evaluator refuses rather than guess at. A policy the API server would reject never reaches the evaluator.
 * The messages quote the API server's (k8s.io/kubernetes pkg/apis/networking/validation), so a reader recognises them
 * from {@code kubectl apply}.
 */
final class PolicyValidator {

	/**
	 * A field the API server would reject.
	 * @param field the path, such as {@code spec.egress[0].ports[1].protocol}
	 * @param problem what is wrong and what is allowed
	 */
	record Problem(String field, String problem) {
	}

	static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

	private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

	private static final Pattern PORT_NAME_CHARACTERS = Pattern.compile("[-a-z0-9]+");

	private static final Pattern LETTER = Pattern.compile(".*[a-z].*");

	private PolicyValidator() {
	}

	static Problem validate(NetworkPolicy policy) {
		if (policy.getSpec() == null) {
			return new Problem("spec", "missing; a NetworkPolicy needs a spec with a podSelector");
		}
		Problem problem = selector("spec.podSelector", policy.getSpec().getPodSelector());
		List<String> types = policy.getSpec().getPolicyTypes();
		if (problem == null && types != null && types.size() > 2) {
			problem = new Problem("spec.policyTypes", "Invalid value: " + types + ": may not specify more than two"
					+ " policyTypes");
		}
		for (int i = 0; problem == null && types != null && i < types.size(); i++) {
			if (!"Ingress".equals(types.get(i)) && !"Egress".equals(types.get(i))) {
				problem = new Problem("spec.policyTypes[" + i + "]",
						unsupported(types.get(i), List.of("Ingress", "Egress")));
			}
		}
		// Null rules first: PolicyRule reads every rule's peers and ports.
		problem = (problem != null) ? problem : nullElement("spec.ingress", policy.getSpec().getIngress(),
				"a rule is a mapping with from and ports ({} allows every peer on every port)");
		problem = (problem != null) ? problem : nullElement("spec.egress", policy.getSpec().getEgress(),
				"a rule is a mapping with to and ports ({} allows every peer on every port)");
		for (Direction direction : Direction.values()) {
			List<PolicyRule> rules = (problem == null) ? PolicyRule.of(policy, direction) : List.of();
			for (int r = 0; problem == null && r < rules.size(); r++) {
				problem = rule("spec." + direction.field() + "[" + r + "].", rules.get(r));
			}
		}
		return problem;
	}

	private static Problem rule(String path, PolicyRule rule) {
		String peers = path + rule.direction().peerField();
		Problem problem = nullElement(peers, rule.peers(),
				"a peer is a mapping with podSelector, namespaceSelector or ipBlock");
		for (int i = 0; problem == null && i < rule.peers().size(); i++) {
			problem = peer(peers + "[" + i + "]", rule.peers().get(i));
		}
		problem = (problem != null) ? problem : nullElement(path + "ports", rule.ports(),
				"a port entry is a mapping such as {protocol: TCP, port: 80}");
		for (int i = 0; problem == null && i < rule.ports().size(); i++) {
			problem = port(path + "ports[" + i + "]", rule.ports().get(i));
		}
		return problem;
	}

	private static Problem peer(String path, NetworkPolicyPeer peer) {
		if (peer.getIpBlock() != null) {
			if (peer.getPodSelector() != null || peer.getNamespaceSelector() != null) {
				return new Problem(path, "Forbidden: may not specify both ipBlock and another peer (use two peers)");
			}
			return ipBlock(path + ".ipBlock", peer.getIpBlock());
		}
		if (peer.getPodSelector() == null && peer.getNamespaceSelector() == null) {
			return new Problem(path, "Required value: must specify a peer (podSelector, namespaceSelector or ipBlock)");
		}
		Problem problem = selector(path + ".podSelector", peer.getPodSelector());
		return (problem != null) ? problem : selector(path + ".namespaceSelector", peer.getNamespaceSelector());
	}

	private static Problem ipBlock(String path, IPBlock block) {
		if (block.getCidr() == null || block.getCidr().isEmpty()) {
			return new Problem(path + ".cidr", "Required value: write a block such as 10.0.0.0/8");
		}
		Cidr cidr;
		try {
			cidr = Cidr.parse(block.getCidr());
		}
		catch (IllegalArgumentException ex) {
			return new Problem(path + ".cidr", invalidCidr(block.getCidr(), ex));
		}
		List<String> excepts = (block.getExcept() != null) ? block.getExcept() : List.of();
		Problem problem = nullElement(path + ".except", excepts, "an except is a block such as 10.0.0.0/24");
		for (int i = 0; problem == null && i < excepts.size(); i++) {
			String field = path + ".except[" + i + "]";
			try {
				Cidr except = Cidr.parse(excepts.get(i));
				// A strict subset of the same family: the API server's check, which also refuses an IPv6 except in
				// an IPv4 block and an except equal to the block.
				if (!cidr.covers(except) || except.prefix() <= cidr.prefix()) {
					problem = new Problem(field, "Invalid value: \"" + excepts.get(i) + "\": must be a strict subset of"
							+ " `cidr` (" + block.getCidr() + (cidr.sameFamily(except) ? "" : ", another address family")
							+ ")");
				}
			}
			catch (IllegalArgumentException ex) {
				problem = new Problem(field, invalidCidr(excepts.get(i), ex));
			}
		}
		return problem;
	}

	private static String invalidCidr(String value, IllegalArgumentException ex) {
		return "Invalid value: \"" + value + "\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64): "
				+ ex.getMessage();
	}

	private static Problem port(String path, NetworkPolicyPort port) {
		String protocol = port.getProtocol();
		if (protocol != null && !List.of("TCP", "UDP", "SCTP").contains(protocol)) {
			return new Problem(path + ".protocol", unsupported(protocol, List.of("TCP", "UDP", "SCTP")));
		}
		IntOrString value = port.getPort();
		Integer endPort = port.getEndPort();
		if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
			return (endPort == null) ? null : new Problem(path + ".endPort",
					"Invalid value: " + endPort + ": may not be specified when `port` is not specified");
		}
		if (value.getIntVal() == null) {
			if (endPort != null) {
				return new Problem(path + ".endPort",
						"Invalid value: " + endPort + ": may not be specified when `port` is non-numeric");
			}
			String name = portName(value.getStrVal());
			return (name == null) ? null
					: new Problem(path + ".port", "Invalid value: \"" + value.getStrVal() + "\": " + name);
		}
		int number = value.getIntVal();
		if (number < 1 || number > 65535) {
			return new Problem(path + ".port", "Invalid value: " + number + ": " + PORT_RANGE);
		}
		if (endPort != null && endPort < number) {
			return new Problem(path + ".endPort", "Invalid value: " + endPort + ": must be greater than or equal to"
					+ " `port` (" + number + ")");
		}
		if (endPort != null && endPort > 65535) {
			return new Problem(path + ".endPort", "Invalid value: " + endPort + ": " + PORT_RANGE);
		}
		return null;
	}

	/**
	 * What is wrong with a port name as an IANA service name (RFC 6335, lower case only, as Kubernetes has it), or
	 * {@code null}.
	 */
	static String portName(String name) {
		if (name.length() > 15) {
			return "must be no more than 15 characters";
		}
		if (!PORT_NAME_CHARACTERS.matcher(name).matches()) {
			return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
		}
		if (!LETTER.matcher(name).matches()) {
			return "must contain at least one letter (a-z)";
		}
		if (name.contains("--")) {
			return "must not contain consecutive hyphens";
		}
		if (name.startsWith("-") || name.endsWith("-")) {
			return "must not begin or end with a hyphen";
		}
		return null;
	}

	private static Problem selector(String path, LabelSelector selector) {
		if (selector == null) {
			return null;
		}
		if (selector.getMatchLabels() != null) {
			for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
				if (label.getValue() == null) {
					return new Problem(path + ".matchLabels." + label.getKey(),
							"null; a label value is a string (write \"\" for the empty value)");
				}
			}
		}
		List<LabelSelectorRequirement> expressions = (selector.getMatchExpressions() != null)
				? selector.getMatchExpressions() : List.of();
		Problem problem = nullElement(path + ".matchExpressions", expressions,
				"an expression is a mapping with key, operator and values");
		for (int i = 0; problem == null && i < expressions.size(); i++) {
			problem = expression(path + ".matchExpressions[" + i + "]", expressions.get(i));
		}
		return problem;
	}

	private static Problem expression(String field, LabelSelectorRequirement expression) {
		if (expression.getKey() == null || expression.getKey().isEmpty()) {
			return new Problem(field + ".key", "Required value: the label key the expression tests");
		}
		String operator = expression.getOperator();
		if (operator == null) {
			return new Problem(field + ".operator", "Required value: one of " + String.join(", ", OPERATORS));
		}
		if (!OPERATORS.contains(operator)) {
			return new Problem(field + ".operator", "Invalid value: \"" + operator + "\": not a valid selector "
					+ "operator (" + String.join(", ", OPERATORS) + ")");
		}
		List<String> values = (expression.getValues() != null) ? expression.getValues() : List.of();
		Problem problem = nullElement(field + ".values", values, "a label value is a string");
		if (problem != null) {
			return problem;
		}
		if ((operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
			return new Problem(field + ".values", "Required value: must be specified when `operator` is 'In' or "
					+ "'NotIn'");
		}
		if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && !values.isEmpty()) {
			return new Problem(field + ".values", "Forbidden: may not be specified when `operator` is 'Exists' or "
					+ "'DoesNotExist'");
		}
		return null;
	}

	/** A {@code null} element of a list, such as {@code egress: [null]}, named by its index. */
	static Problem nullElement(String path, List<?> list, String expected) {
		for (int i = 0; list != null && i < list.size(); i++) {
			if (list.get(i) == null) {
				return new Problem(path + "[" + i + "]", "null; " + expected);
			}
		}
		return null;
	}

	static String unsupported(String value, List<String> supported) {
		return "Unsupported value: " + ((value == null) ? "null" : "\"" + value + "\"") + ": supported values: \""
				+ String.join("\", \"", supported) + "\"";
	}

}
