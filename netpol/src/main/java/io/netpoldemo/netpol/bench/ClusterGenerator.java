package io.netpoldemo.netpol.bench;

import java.util.Random;

/**
 * A synthetic cluster as YAML: pods spread over namespaces with app and tier labels, and policies of every shape
 * (pod and namespace selectors, matchExpressions, ports, named ports, ipBlocks, both directions).
 */
final class ClusterGenerator {

	private static final String[] TIERS = { "web", "api", "db", "cache" };

	private ClusterGenerator() {
	}

	static String yaml(int pods, int policies, Random random) {
		StringBuilder yaml = new StringBuilder();
		int namespaces = MatrixBenchmark.namespaces();
		for (int n = 0; n < namespaces; n++) {
			yaml.append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns").append(n)
				.append("\n  labels:\n    team: team").append(n % 3).append("\n---\n");
		}
		for (int p = 0; p < pods; p++) {
			yaml.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod").append(p).append("\n  namespace: ns")
				.append(p % namespaces).append("\n  labels:\n    app: app").append(p % 25).append("\n    tier: ")
				.append(TIERS[p % TIERS.length]).append("\nspec:\n  containers:\n  - name: c\n    image: app\n")
				.append("    ports:\n    - {name: http, containerPort: 80}\n    - {name: metrics, containerPort: 9090}\n")
				.append("status:\n  podIP: 10.").append(p / 65536).append('.').append((p / 256) % 256).append('.')
				.append(p % 256).append("\n---\n");
		}
		for (int i = 0; i < policies; i++) {
			yaml.append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: policy").append(i)
				.append("\n  namespace: ns").append(random.nextInt(namespaces)).append("\nspec:\n  podSelector:\n")
				.append("    matchLabels: {tier: ").append(TIERS[random.nextInt(TIERS.length)]).append("}\n")
				.append("  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n");
			switch (random.nextInt(4)) {
				case 0 -> yaml.append("    - podSelector: {matchLabels: {app: app").append(random.nextInt(25))
					.append("}}\n");
				case 1 -> yaml.append("    - namespaceSelector: {matchLabels: {team: team").append(random.nextInt(3))
					.append("}}\n      podSelector:\n        matchExpressions: [{key: tier, operator: In, values: [web, api]}]\n");
				case 2 -> yaml.append("    - ipBlock: {cidr: 10.0.0.0/23, except: [10.0.1.0/28]}\n");
				default -> yaml.append("    - namespaceSelector: {}\n");
			}
			yaml.append("    ports:\n    - port: ").append(random.nextBoolean() ? "80" : "http").append('\n')
				.append("  egress:\n  - to:\n    - namespaceSelector:\n        matchExpressions: [{key: team, operator: NotIn, values: [team")
				.append(random.nextInt(3)).append("]}]\n  - ports:\n    - {protocol: UDP, port: 53}\n---\n");
		}
		return yaml.toString();
	}

}
