package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Finds the NetworkPolicy mistakes people make most often, each with what to do about it. It reads the cluster
 * through the evaluator it is given, so a command that lints and then evaluates indexes the cluster once.
 */
public final class PolicyLinter {

	private final PolicyEvaluator evaluator;

	private final ClusterIndex index;

	private final RuleMatcher matcher;

	private final List<Manifests.Duplicate> duplicates;

	public PolicyLinter(PolicyEvaluator evaluator) {
		this(evaluator, List.of());
	}

	/**
	 * Lints what the loader read, objects defined twice included.
	 * @param evaluator the evaluator over the loaded cluster ({@link Manifests#cluster()})
	 * @param duplicates the objects the loader found defined twice ({@link Manifests#duplicates()})
	 */
	public PolicyLinter(PolicyEvaluator evaluator, List<Manifests.Duplicate> duplicates) {
		this.evaluator = evaluator;
		this.index = this.evaluator.index();
		this.matcher = new RuleMatcher(this.index);
		this.duplicates = List.copyOf(duplicates);
	}

	public List<Lint> lint() {
		List<Lint> lints = new ArrayList<>();
		for (Manifests.Duplicate duplicate : this.duplicates) {
			lints.add(new Lint(Lint.Code.DUPLICATE_OBJECT, duplicate.name(), duplicate.kind() + " defined in "
					+ duplicate.earlier() + " and again in " + duplicate.later() + ": the last one is used, as kubectl"
					+ " apply would leave it; remove or rename one of them"));
		}
		List<NetworkPolicy> policies = this.index.cluster().policies();
		for (NetworkPolicy policy : policies) {
			missingPolicyTypes(policy, lints);
			selectsNoPod(policy, lints);
			for (Direction direction : Direction.values()) {
				if (PolicyTypes.isolates(policy, direction)) {
					redundantRules(policy, direction, lints);
					servicePorts(policy, direction, lints);
				}
			}
		}
		dnsBlocked(lints);
		return lints;
	}

	/**
	 * The {@link Lint.Code#SELECTS_NO_POD} findings alone, without the other checks: what a command warns about
	 * before it evaluates.
	 */
	public List<Lint> policiesSelectingNoPod() {
		List<Lint> lints = new ArrayList<>();
		this.index.cluster().policies().forEach((policy) -> selectsNoPod(policy, lints));
		return lints;
	}

	private static void missingPolicyTypes(NetworkPolicy policy, List<Lint> lints) {
		if (PolicyTypes.defaulted(policy)) {
			String defaulted = PolicyTypes.isolates(policy, Direction.EGRESS) ? "[Ingress, Egress]" : "[Ingress]";
			lints.add(new Lint(Lint.Code.MISSING_POLICY_TYPES, PolicyRule.policyId(policy),
					"no policyTypes: the API server makes it " + defaulted
							+ ", so the pods are isolated for ingress even without ingress rules; write policyTypes"
							+ " out"));
		}
	}

	private void selectsNoPod(NetworkPolicy policy, List<Lint> lints) {
		if (!selected(policy).isEmpty()) {
			return;
		}
		lints.add(new Lint(Lint.Code.SELECTS_NO_POD, PolicyRule.policyId(policy),
				"podSelector " + LabelSelectors.describe(policy.getSpec().getPodSelector()) + " matches no pod in "
						+ policy.getMetadata().getNamespace()
						+ ": the policy has no effect; check the labels and the policy's namespace"));
	}

	private static void redundantRules(NetworkPolicy policy, Direction direction, List<Lint> lints) {
		List<PolicyRule> rules = PolicyRule.of(policy, direction);
		PolicyRule everything = rules.stream().filter((rule) -> rule.everyPeer() && rule.everyPort()).findFirst()
			.orElse(null);
		if (everything == null) {
			return;
		}
		for (PolicyRule rule : rules) {
			if (rule != everything) {
				lints.add(new Lint(Lint.Code.REDUNDANT_RULE, rule.id(),
						"redundant: " + everything.id() + " (" + direction.peerField()
								+ ": [] without ports) already allows every peer on every port; remove one of them"));
			}
		}
	}

	/** The 8889-versus-8888 trap: a policy sees the pod's port after Service translation, never the Service port. */
	private void servicePorts(NetworkPolicy policy, Direction direction, List<Lint> lints) {
		for (PolicyRule rule : PolicyRule.of(policy, direction)) {
			List<Workload> pods = (direction == Direction.INGRESS) ? selected(policy) : peers(rule);
			for (NetworkPolicyPort port : rule.ports()) {
				IntOrString value = port.getPort();
				if (value == null || value.getIntVal() == null || pods.isEmpty()) {
					continue;
				}
				int number = value.getIntVal();
				Protocol protocol = Protocol.of(port.getProtocol());
				boolean containerPort = pods.stream()
					.anyMatch((pod) -> pod.ports().stream()
						.anyMatch((p) -> p.protocol() == protocol && inRange(p.number(), number, port.getEndPort())));
				if (containerPort) {
					continue;
				}
				for (Service service : this.index.services()) {
					ServicePort servicePort = servicePort(service, number, protocol);
					List<Workload> backends = this.index.backends(service);
					if (servicePort != null && backends.stream().anyMatch(pods::contains)) {
						lints.add(new Lint(Lint.Code.SERVICE_PORT, rule.id(), protocol + " " + number + " is the port of"
								+ " Service " + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()
								+ ", not a container port of its pods: policies see the pod port after Service"
								+ " translation; use the targetPort " + targetPort(servicePort)));
					}
				}
			}
		}
	}

	private static boolean inRange(int candidate, int port, Integer endPort) {
		return (endPort != null) ? candidate >= port && candidate <= endPort : candidate == port;
	}

	private static ServicePort servicePort(Service service, int number, Protocol protocol) {
		return ClusterIndex.ports(service).stream()
			.filter((p) -> p.getPort() == number && Protocol.of(p.getProtocol()) == protocol)
			.findFirst()
			.orElse(null);
	}

	private static String targetPort(ServicePort port) {
		IntOrString target = port.getTargetPort();
		if (target == null) {
			return String.valueOf(port.getPort());
		}
		return (target.getIntVal() != null) ? String.valueOf(target.getIntVal()) : target.getStrVal();
	}

	private List<Workload> selected(NetworkPolicy policy) {
		List<Workload> pods = new ArrayList<>();
		for (Workload pod : this.index.pods()) {
			if (pod.namespace().equals(policy.getMetadata().getNamespace())
					&& LabelSelectors.matches(policy.getSpec().getPodSelector(), pod.labels())) {
				pods.add(pod);
			}
		}
		return pods;
	}

	/** The pods a rule's selector peers match (ipBlocks aside). */
	private List<Workload> peers(PolicyRule rule) {
		List<Workload> pods = new ArrayList<>();
		for (Workload pod : this.index.pods()) {
			for (NetworkPolicyPeer peer : rule.peers()) {
				if (peer.getIpBlock() == null && this.matcher.selectors(rule, peer, pod) == Tri.YES) {
					pods.add(pod);
					break;
				}
			}
		}
		return pods;
	}

	private void dnsBlocked(List<Lint> lints) {
		for (Workload pod : this.index.pods()) {
			if (!this.evaluator.isolated(pod.id(), Direction.EGRESS)) {
				continue;
			}
			Evaluation dns = this.evaluator.dns(pod.id());
			if (dns.verdict() != Verdict.ALLOWED) {
				lints.add(new Lint(Lint.Code.DNS_BLOCKED, pod.id(), "egress-isolated and "
						+ ((dns.verdict() == Verdict.DENIED) ? "cannot" : "may not") + " reach the cluster DNS ("
						+ dns.reason() + "): every call by name fails at name resolution"));
			}
		}
	}

}
