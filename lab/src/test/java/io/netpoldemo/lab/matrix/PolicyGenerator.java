package io.netpoldemo.lab.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random NetworkPolicy sets over the upstream x/y/z model, in the spirit of cyclonus' generator: pod and namespace
 * selectors (labels and matchExpressions, empty ones too), numeric and named ports, endPort ranges, protocols,
 * ipBlocks with except, ingress and egress rules, empty rules and peer lists, several policies at once. The same seed
 * gives the same sets.
 */
final class PolicyGenerator {

	private static final List<String> NAMESPACES = List.of("x", "y", "z");

	private static final List<String> TARGETS = List.of("{}", "{matchLabels: {pod: a}}", "{matchLabels: {pod: b}}",
			"{matchExpressions: [{key: pod, operator: In, values: [a, b]}]}",
			"{matchExpressions: [{key: pod, operator: NotIn, values: [c]}]}",
			"{matchExpressions: [{key: pod, operator: Exists}]}");

	private static final List<String> POD_SELECTORS = List.of("{}", "{matchLabels: {pod: a}}",
			"{matchLabels: {pod: c}}", "{matchExpressions: [{key: pod, operator: In, values: [b, c]}]}",
			"{matchExpressions: [{key: pod, operator: DoesNotExist}]}");

	private static final List<String> NAMESPACE_SELECTORS = List.of("{}", "{matchLabels: {ns: y}}",
			"{matchLabels: {ns: z}}", "{matchExpressions: [{key: ns, operator: In, values: [x, z]}]}",
			"{matchExpressions: [{key: ns, operator: NotIn, values: [y]}]}",
			"{matchLabels: {kubernetes.io/metadata.name: x}}");

	/** Blocks over the model's addresses (10.0.N.M: namespace N, pod M). */
	private static final List<String> IP_BLOCKS = List.of("{cidr: 10.0.0.0/16}",
			"{cidr: 10.0.0.0/16, except: [10.0.2.0/24]}", "{cidr: 10.0.1.0/24, except: [10.0.1.2/32]}",
			"{cidr: 10.0.3.3/32}", "{cidr: 0.0.0.0/0, except: [10.0.1.0/24, 10.0.3.1/32]}");

	private static final List<String> PORTS = List.of("{port: 80}", "{port: 81, protocol: TCP}",
			"{port: 80, protocol: UDP}", "{port: serve-80-tcp}", "{port: serve-81-tcp}",
			"{port: serve-80-udp, protocol: UDP}", "{port: 80, endPort: 81}", "{protocol: UDP}", "{protocol: TCP}",
			"{port: 79, endPort: 80, protocol: UDP}", "{port: serve-81-udp}");

	private final Random random;

	private int generated;

	PolicyGenerator(long seed) {
		this.random = new Random(seed);
	}

	/** The next set: one to three policies, as one YAML stream. */
	String next() {
		int count = 1 + this.random.nextInt(3);
		List<String> policies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			policies.add(policy("gen-" + this.generated + "-" + i));
		}
		this.generated++;
		return String.join("---\n", policies);
	}

	private String policy(String name) {
		StringBuilder yaml = new StringBuilder("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n");
		yaml.append("metadata: {name: ").append(name).append(", namespace: ").append(pick(NAMESPACES)).append("}\n");
		yaml.append("spec:\n  podSelector: ").append(pick(TARGETS)).append('\n');
		boolean ingress = this.random.nextInt(4) != 0;
		boolean egress = !ingress || this.random.nextInt(3) == 0;
		// policyTypes left out half the time: the API then derives it from the rules present.
		if (this.random.nextBoolean()) {
			List<String> types = new ArrayList<>();
			if (ingress) {
				types.add("Ingress");
			}
			if (egress) {
				types.add("Egress");
			}
			yaml.append("  policyTypes: [").append(String.join(", ", types)).append("]\n");
		}
		if (ingress) {
			rules(yaml, "ingress", "from");
		}
		if (egress) {
			rules(yaml, "egress", "to");
		}
		return yaml.toString();
	}

	private void rules(StringBuilder yaml, String direction, String peers) {
		int count = this.random.nextInt(4);
		if (count == 0) {
			// No rule: everything in that direction is denied (or, without policyTypes, the direction is left out).
			if (this.random.nextBoolean()) {
				yaml.append("  ").append(direction).append(": []\n");
			}
			return;
		}
		yaml.append("  ").append(direction).append(":\n");
		for (int i = 0; i < count; i++) {
			int shape = this.random.nextInt(6);
			if (shape == 0) {
				// The empty rule: every peer, every port.
				yaml.append("  - {}\n");
				continue;
			}
			yaml.append("  - ");
			String indent = "";
			if (shape != 1) {
				int peerCount = this.random.nextInt(3);
				yaml.append(peers).append(":");
				if (peerCount == 0) {
					yaml.append(" []\n");
				}
				else {
					yaml.append('\n');
					for (int p = 0; p < peerCount; p++) {
						yaml.append("    - ").append(peer()).append('\n');
					}
				}
				indent = "    ";
			}
			if (shape == 1 || this.random.nextBoolean()) {
				int portCount = 1 + this.random.nextInt(2);
				yaml.append(indent).append("ports:\n");
				for (int p = 0; p < portCount; p++) {
					yaml.append("    - ").append(pick(PORTS)).append('\n');
				}
			}
			else if (indent.isEmpty()) {
				yaml.append("{}\n");
			}
		}
	}

	private String peer() {
		return switch (this.random.nextInt(5)) {
			case 0 -> "podSelector: " + pick(POD_SELECTORS);
			case 1 -> "namespaceSelector: " + pick(NAMESPACE_SELECTORS);
			case 2, 3 -> "{podSelector: " + pick(POD_SELECTORS) + ", namespaceSelector: " + pick(NAMESPACE_SELECTORS)
					+ "}";
			default -> "ipBlock: " + pick(IP_BLOCKS);
		};
	}

	private String pick(List<String> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

}
