package io.netpoldemo.netpol.firewall;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.IpBlocks;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The firewall plan and the evaluator must never disagree: the plan, read as a packet filter reads it (addresses and
 * ports only), lets a packet through exactly when the evaluator says ALLOWED. Checked on a named port declared by an
 * init container only (where an earlier planner read the containers alone) and on seeded random policy sets over nine
 * pods, every ordered pair, on TCP and UDP ports 80 and 81.
 */
class FirewallPlanAgreementTests {

	private static final List<String> NAMESPACES = List.of("x", "y", "z");

	private static final List<String> PODS = List.of("a", "b", "c");

	private static final List<Integer> PORTS = List.of(80, 81);

	private static final List<Protocol> PROTOCOLS = List.of(Protocol.TCP, Protocol.UDP);

	private static final long SEED = Long.getLong("firewall.seed", 20261203L);

	private static final int SETS = 300;

	@Test
	void namedPortOnAnInitContainerResolvesAsTheEvaluatorResolvesIt() {
		Cluster cluster = cluster(policies("""
				policyTypes: [Ingress]
				podSelector: {matchLabels: {pod: c}}
				ingress:
				- ports:
				  - port: sidecar
				"""));
		FirewallPlan plan = FirewallPlanner.plan(cluster);
		PodFirewall c = plan.pods().stream().filter((pod) -> pod.name().equals("c")).findFirst().orElseThrow();
		assertThat(c.ingress()).flatExtracting(AllowRule::ports).containsOnly(new PortMatch("TCP", 9090, null));
		assertThat(new PolicyEvaluator(cluster).verdict("x/a", "x/c", 9090, Protocol.TCP)).isEqualTo(Verdict.ALLOWED);
		assertAgreement(cluster, "init container", List.of(9090, 80));
	}

	@Test
	void planAgreesWithTheEvaluatorOnRandomPolicySets() {
		System.out.println(getClass().getSimpleName() + ": seed " + SEED + " (-Dfirewall.seed=N to replay)");
		Random random = new Random(SEED);
		for (int set = 0; set < SETS; set++) {
			String yaml = randomPolicies(random);
			assertAgreement(cluster(yaml), "set " + set + " of seed " + SEED + ":\n" + yaml, PORTS);
		}
	}

	private static void assertAgreement(Cluster cluster, String what, List<Integer> ports) {
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		FirewallPlan plan = FirewallPlanner.plan(cluster);
		for (PodFirewall from : plan.pods()) {
			for (PodFirewall to : plan.pods()) {
				for (int port : ports) {
					for (Protocol protocol : PROTOCOLS) {
						Verdict verdict = evaluator.verdict(id(from), id(to), port, protocol);
						boolean passes = passes(from, to, port, protocol);
						if (verdict == Verdict.UNKNOWN || passes != (verdict == Verdict.ALLOWED)) {
							fail(id(from) + " -> " + id(to) + " " + protocol + " " + port + ": the evaluator says " + verdict
									+ ", the plan " + (passes ? "passes" : "drops") + " it (" + what + ")\nplan: " + plan);
						}
					}
				}
			}
		}
	}

	/** The plan read as a packet filter reads it: the source's egress, then the destination's ingress. */
	private static boolean passes(PodFirewall from, PodFirewall to, int port, Protocol protocol) {
		if (from.equals(to)) {
			return true;
		}
		boolean egress = !from.egressIsolated()
				|| from.egress().stream().anyMatch((rule) -> matches(rule, to.ip(), port, protocol));
		boolean ingress = !to.ingressIsolated()
				|| to.ingress().stream().anyMatch((rule) -> matches(rule, from.ip(), port, protocol));
		return egress && ingress;
	}

	private static boolean matches(AllowRule rule, String peer, int port, Protocol protocol) {
		boolean address = rule.peers()
			.stream()
			.anyMatch((match) -> IpBlocks.contains(match.cidr(), peer)
					&& match.except().stream().noneMatch((except) -> IpBlocks.contains(except, peer)));
		boolean ports = rule.ports().isEmpty() || rule.ports()
			.stream()
			.anyMatch((match) -> match.protocol().equals(protocol.name()) && (match.port() == null
					|| ((match.endPort() != null) ? port >= match.port() && port <= match.endPort()
							: port == match.port())));
		return address && ports;
	}

	private static String randomPolicies(Random random) {
		StringBuilder yaml = new StringBuilder();
		int policies = 1 + random.nextInt(3);
		for (int i = 0; i < policies; i++) {
			StringBuilder spec = new StringBuilder();
			spec.append("podSelector: ").append(podSelector(random)).append('\n');
			List<String> types = switch (random.nextInt(4)) {
				case 0 -> List.of("Ingress");
				case 1 -> List.of("Egress");
				case 2 -> List.of("Ingress", "Egress");
				default -> List.of();
			};
			if (!types.isEmpty()) {
				spec.append("policyTypes: [").append(String.join(", ", types)).append("]\n");
			}
			for (String direction : List.of("ingress", "egress")) {
				int rules = random.nextInt(3);
				if (rules == 0 && random.nextBoolean()) {
					continue;
				}
				spec.append(direction).append(":").append((rules == 0) ? " []" : "").append('\n');
				for (int r = 0; r < rules; r++) {
					spec.append("- ").append(rule(random, direction.equals("ingress") ? "from" : "to"));
				}
			}
			yaml.append("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p").append(i)
				.append(", namespace: ").append(pick(random, NAMESPACES)).append("}\nspec:\n")
				.append(spec.toString().indent(2));
		}
		return yaml.toString();
	}

	/** One rule in flow style: {@code {to: [...], ports: [...]}}, either part possibly left out or empty. */
	private static String rule(Random random, String peerField) {
		List<String> parts = new ArrayList<>();
		switch (random.nextInt(4)) {
			case 0 -> parts.add(peerField + ": []");
			case 1 -> {
			}
			default -> {
				List<String> peers = new ArrayList<>();
				for (int p = 1 + random.nextInt(2); p > 0; p--) {
					peers.add(peer(random));
				}
				parts.add(peerField + ": [" + String.join(", ", peers) + "]");
			}
		}
		if (random.nextInt(3) > 0) {
			List<String> ports = new ArrayList<>();
			for (int p = 1 + random.nextInt(2); p > 0; p--) {
				ports.add(pick(random, List.of("{port: 80}", "{port: 81}", "{port: 81, protocol: UDP}",
						"{port: 80, endPort: 81}", "{port: 79, endPort: 80, protocol: UDP}", "{protocol: UDP}",
						"{port: serve-80-tcp}", "{port: serve-81-udp, protocol: UDP}", "{port: web}",
						"{port: web, protocol: UDP}")));
			}
			parts.add("ports: [" + String.join(", ", ports) + "]");
		}
		return "{" + String.join(", ", parts) + "}\n";
	}

	private static String peer(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> "{podSelector: " + podSelector(random) + "}";
			case 1 -> "{namespaceSelector: " + namespaceSelector(random) + "}";
			case 2 -> "{podSelector: " + podSelector(random) + ", namespaceSelector: " + namespaceSelector(random) + "}";
			default -> "{ipBlock: " + pick(random, List.of("{cidr: 10.0.0.0/16}", "{cidr: 10.0.1.0/24}",
					"{cidr: 10.0.0.0/16, except: [10.0.2.0/24]}", "{cidr: 0.0.0.0/0, except: [10.0.1.2/32, 10.0.3.0/24]}",
					"{cidr: 10.0.2.2/31}", "{cidr: '::/0'}", "{cidr: 10.0.3.1/32}")) + "}";
		};
	}

	private static String podSelector(Random random) {
		return pick(random, List.of("{}", "{matchLabels: {pod: a}}", "{matchLabels: {pod: b}}",
				"{matchExpressions: [{key: pod, operator: In, values: [a, c]}]}",
				"{matchExpressions: [{key: pod, operator: NotIn, values: [a]}]}",
				"{matchExpressions: [{key: tier, operator: Exists}]}",
				"{matchExpressions: [{key: tier, operator: DoesNotExist}]}"));
	}

	private static String namespaceSelector(Random random) {
		return pick(random, List.of("{}", "{matchLabels: {ns: x}}", "{matchLabels: {ns: y}}",
				"{matchExpressions: [{key: ns, operator: NotIn, values: [z]}]}",
				"{matchLabels: {kubernetes.io/metadata.name: z}}"));
	}

	private static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	private static String policies(String spec) {
		return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n"
				+ spec.indent(2);
	}

	/**
	 * Nine pods: a, b and c in x, y and z, at 10.0.N.M. Named ports differ per pod: {@code web} is 80 on a, 81 on b,
	 * and on c it is declared by an init container only, as is {@code sidecar} (9090).
	 */
	private static Cluster cluster(String policies) {
		List<Namespace> namespaces = new ArrayList<>();
		List<Pod> pods = new ArrayList<>();
		for (int n = 0; n < NAMESPACES.size(); n++) {
			String namespace = NAMESPACES.get(n);
			namespaces.add(new NamespaceBuilder().withNewMetadata()
				.withName(namespace)
				.withLabels(Map.of("ns", namespace))
				.endMetadata()
				.build());
			for (int p = 0; p < PODS.size(); p++) {
				pods.add(pod(namespace, PODS.get(p), "10.0." + (n + 1) + "." + (p + 1), p));
			}
		}
		return Cluster.of(namespaces, pods, List.of(), List.of())
			.withPolicies(ManifestLoader.parse(policies, Path.of("generated.yaml"), "x").policies());
	}

	private static Pod pod(String namespace, String name, String ip, int index) {
		Map<String, String> labels = (index == 1) ? Map.of("pod", name, "tier", "web") : Map.of("pod", name);
		var container = new PodBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.withLabels(labels)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName("serve")
			.addNewPort().withName("serve-80-tcp").withContainerPort(80).withProtocol("TCP").endPort()
			.addNewPort().withName("serve-81-tcp").withContainerPort(81).withProtocol("TCP").endPort()
			.addNewPort().withName("serve-80-udp").withContainerPort(80).withProtocol("UDP").endPort()
			.addNewPort().withName("serve-81-udp").withContainerPort(81).withProtocol("UDP").endPort();
		if (index < 2) {
			container = container.addNewPort()
				.withName("web")
				.withContainerPort(80 + index)
				.withProtocol("TCP")
				.endPort();
		}
		var spec = container.endContainer();
		if (index == 2) {
			spec = spec.addNewInitContainer()
				.withName("init")
				.addNewPort().withName("web").withContainerPort(80).withProtocol("TCP").endPort()
				.addNewPort().withName("sidecar").withContainerPort(9090).withProtocol("TCP").endPort()
				.endInitContainer();
		}
		return spec.endSpec().withNewStatus().withPodIP(ip).endStatus().build();
	}

	private static String id(PodFirewall pod) {
		return pod.namespace() + "/" + pod.name();
	}

}
