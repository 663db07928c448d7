package io.netpoldemo.netpol.bench;

import java.util.Random;

/**
 * A synthetic cluster as YAML, shaped like a real one: workloads of every kind (ReplicaSet, StatefulSet, DaemonSet,
 * Job) with several pods each, listed as Pods with a controller {@code ownerReference} and their own IPs, spread over
 * namespaces with team labels; and policies of every shape: pod and namespace selectors alone and together,
 * matchExpressions of each operator, numeric, named and ranged ports over TCP, UDP and SCTP, ipBlocks with excepts,
 * default deny, allow all, both directions.
 */
final class WorkloadClusterGenerator {

	private static final String[] KINDS = { "ReplicaSet", "ReplicaSet", "StatefulSet", "DaemonSet", "Job" };

	private static final String[] TIERS = { "web", "api", "db", "cache" };

	private WorkloadClusterGenerator() {
	}

	static String yaml(int namespaces, int workloads, int pods, int policies, Random random) {
		StringBuilder yaml = new StringBuilder();
		for (int n = 0; n < namespaces; n++) {
			yaml.append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns").append(n)
				.append("\n  labels:\n    team: team").append(n % 7).append("\n    env: ")
				.append((n % 2 == 0) ? "prod" : "dev").append("\n---\n");
		}
		for (int p = 0; p < pods; p++) {
			int w = p % workloads;
			yaml.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app").append(w).append("-").append(p / workloads)
				.append("\n  namespace: ns").append(w % namespaces).append("\n  labels:\n    app: app").append(w)
				.append("\n    tier: ").append(TIERS[w % TIERS.length]).append("\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ")
				.append(KINDS[w % KINDS.length]).append(", name: app").append(w).append(", controller: true, uid: u")
				.append(w).append("}\nspec:\n  containers:\n  - name: c\n    image: app\n    ports:\n")
				.append("    - {name: http, containerPort: ").append(8000 + w % 5).append("}\n")
				.append("    - {name: metrics, containerPort: 9090}\n    - {name: dns, containerPort: 53, protocol: UDP}\n")
				.append("status:\n  podIP: 10.").append(p / 65536).append('.').append((p / 256) % 256).append('.')
				.append(p % 256).append("\n---\n");
		}
		for (int i = 0; i < policies; i++) {
			yaml.append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: policy").append(i)
				.append("\n  namespace: ns").append(random.nextInt(namespaces)).append("\nspec:\n");
			policy(yaml, i, workloads, random);
			yaml.append("---\n");
		}
		return yaml.toString();
	}

	private static void policy(StringBuilder yaml, int i, int workloads, Random random) {
		String tier = TIERS[random.nextInt(TIERS.length)];
		switch (i % 10) {
			case 0 -> yaml.append("  podSelector: {}\n  policyTypes: [Ingress]\n");
			case 1 -> yaml.append("  podSelector: {matchLabels: {tier: ").append(tier)
				.append("}}\n  ingress:\n  - {}\n");
			default -> {
				yaml.append("  podSelector:\n    matchExpressions: [{key: tier, operator: In, values: [").append(tier)
					.append("]}]\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n");
				yaml.append(switch (random.nextInt(5)) {
					case 0 -> "    - podSelector: {matchLabels: {app: app" + random.nextInt(workloads) + "}}\n";
					case 1 -> "    - namespaceSelector: {matchLabels: {team: team" + random.nextInt(7)
							+ "}}\n      podSelector:\n        matchExpressions: [{key: tier, operator: NotIn, values: [db]}]\n";
					case 2 -> {
						int block = random.nextInt(40);
						yield "    - ipBlock: {cidr: 10.0." + block + ".0/24, except: [10.0." + block + "."
								+ random.nextInt(256) + "/32]}\n";
					}
					case 3 -> "    - namespaceSelector: {matchExpressions: [{key: env, operator: Exists}]}\n";
					default -> "    - podSelector: {matchExpressions: [{key: canary, operator: DoesNotExist}]}\n";
				});
				yaml.append("    ports:\n    - port: ").append(random.nextBoolean() ? "http" : String.valueOf(8000 + random.nextInt(5)))
					.append("\n    - {protocol: TCP, port: 9000, endPort: ").append(9000 + random.nextInt(200)).append("}\n")
					.append("  egress:\n  - to:\n    - namespaceSelector:\n        matchExpressions: [{key: team, operator: NotIn, values: [team")
					.append(random.nextInt(7)).append("]}]\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}\n")
					.append("    ports:\n    - {protocol: TCP, port: 443}\n    - {protocol: SCTP, port: 3868}\n")
					.append("  - ports:\n    - {protocol: UDP, port: 53}\n");
			}
		}
	}

}
