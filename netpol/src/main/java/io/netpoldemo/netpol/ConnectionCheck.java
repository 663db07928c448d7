package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * One connection between two workloads on one port: the source's egress and the destination's ingress, each open
 * unless a policy of the pod's own namespace selects it for that direction, then the union of those policies' rules
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/). Which policies isolate a pod and the
 * rules of a policy are computed once per evaluator.
 */
final class ConnectionCheck {

	private final ClusterIndex index;

	private final RuleMatcher matcher;

	private final Map<String, Isolation> isolations = new ConcurrentHashMap<>();

	/**
	 * The rules of each policy object, by direction. Keyed by identity: two inputs may hold policies of the same
	 * namespace and name (the manifests plus a scenario), and each must keep its own rules.
	 */
	private final Map<Direction, Map<NetworkPolicy, List<PolicyRule>>> rules = new EnumMap<>(Direction.class);

	ConnectionCheck(ClusterIndex index) {
		this(index, null);
	}

	/**
	 * The check over an index, taking the rules of each policy object it shares with {@code previous} (the very same
	 * object, as a watch's cache keeps an unchanged policy) from there instead of reading them again.
	 */
	ConnectionCheck(ClusterIndex index, ConnectionCheck previous) {
		this.index = index;
		this.matcher = new RuleMatcher(index);
		for (Direction direction : Direction.values()) {
			Map<NetworkPolicy, List<PolicyRule>> known = (previous != null) ? previous.rules.get(direction) : Map.of();
			Map<NetworkPolicy, List<PolicyRule>> byPolicy = new IdentityHashMap<>();
			index.cluster().policies().forEach((policy) -> {
				List<PolicyRule> rules = known.get(policy);
				byPolicy.put(policy, (rules != null) ? rules : PolicyRule.of(policy, direction));
			});
			this.rules.put(direction, byPolicy);
		}
	}

	Evaluation between(Workload source, Workload destination, Integer port, Protocol protocol) {
		List<String> lines = new ArrayList<>();
		String traffic = RuleMatcher.traffic(port, protocol);
		if (source.equals(destination)) {
			lines.add(source.id() + " to itself: always allowed, whatever the policies");
			return new Evaluation(Verdict.ALLOWED, Stage.NONE, "a pod's traffic to itself is always allowed", lines);
		}
		lines.add(source.id() + " -> " + destination.id() + " on " + traffic);
		Side egress = side(Direction.EGRESS, source, destination, destination, port, protocol);
		Side ingress = side(Direction.INGRESS, destination, source, destination, port, protocol);
		egress.lines().forEach((line) -> lines.add("  " + line));
		ingress.lines().forEach((line) -> lines.add("  " + line));
		if (egress.cniDependent() || ingress.cniDependent()) {
			lines.add("  note: an ipBlock decided about an in-cluster address; whether ipBlocks apply to pod IPs is"
					+ " CNI-dependent");
		}
		Tri result = egress.result().and(ingress.result());
		if (result == Tri.YES) {
			return new Evaluation(Verdict.ALLOWED, Stage.NONE, egress.reason() + "; " + ingress.reason(), lines);
		}
		Side deciding = (egress.result() == Tri.NO || (egress.result() == Tri.MAYBE && ingress.result() != Tri.NO))
				? egress : ingress;
		Verdict verdict = (result == Tri.NO) ? Verdict.DENIED : Verdict.UNKNOWN;
		return new Evaluation(verdict, Stage.CONNECT, deciding.reason(), lines);
	}

	/** The verdict alone, without the explanation: what a matrix of many pairs needs. */
	Verdict verdict(Workload source, Workload destination, int port, Protocol protocol) {
		if (source.equals(destination)) {
			return Verdict.ALLOWED;
		}
		Tri egress = test(Direction.EGRESS, source, destination, destination, port, protocol);
		if (egress == Tri.NO) {
			return Verdict.DENIED;
		}
		Tri result = egress.and(test(Direction.INGRESS, destination, source, destination, port, protocol));
		return switch (result) {
			case YES -> Verdict.ALLOWED;
			case NO -> Verdict.DENIED;
			case MAYBE -> Verdict.UNKNOWN;
		};
	}

	RuleMatcher matcher() {
		return this.matcher;
	}

	boolean isolated(Workload pod, Direction direction) {
		return isolation(direction, pod).isolated() == Tri.YES;
	}

	/** The rules of the policies that isolate a pod for a direction, for a packet filter ({@link AllowingRule}). */
	List<AllowingRule> rules(Workload pod, Direction direction) {
		List<AllowingRule> rules = new ArrayList<>();
		if (!isolated(pod, direction)) {
			return rules;
		}
		for (NetworkPolicy policy : isolation(direction, pod).policies()) {
			rules(policy, direction).forEach((rule) -> rules.add(new AllowingRule(rule, this.matcher, this.index)));
		}
		return rules;
	}

	private record Side(Tri result, String reason, List<String> lines, boolean cniDependent) {
	}

	private Side side(Direction direction, Workload subject, Workload peer, Workload destination, Integer port,
			Protocol protocol) {
		List<String> lines = new ArrayList<>();
		String what = direction.field() + " of " + subject.id();
		if (!subject.inCluster()) {
			lines.add(what + ": outside the cluster, no NetworkPolicy applies");
			return new Side(Tri.YES, what + " is not policed", lines, false);
		}
		Isolation isolation = isolation(direction, subject);
		List<NetworkPolicy> isolating = isolation.policies();
		Tri isolated = isolation.isolated();
		if (isolating.isEmpty()) {
			lines.add(what + ": not isolated (no policy with " + direction.policyType() + " in " + subject.namespace()
					+ " selects it)");
			return new Side(Tri.YES, what + " is not isolated", lines, false);
		}
		List<String> names = isolating.stream().map(PolicyRule::policyId).toList();
		lines.add(what + ": isolated by " + String.join(", ", names)
				+ ((isolated == Tri.MAYBE) ? " (if their podSelector matches the unknown pod)" : ""));
		String peerWord = (direction == Direction.EGRESS) ? "to " : "from ";
		boolean cni = false;
		String maybe = null;
		for (NetworkPolicy policy : isolating) {
			List<PolicyRule> rules = rules(policy, direction);
			if (rules.isEmpty()) {
				lines.add("  " + PolicyRule.policyId(policy) + " has no " + direction.field() + " rule: allows nothing");
			}
			for (PolicyRule rule : rules) {
				RuleMatcher.Match match = this.matcher.match(rule, peer, destination, port, protocol);
				cni |= match.cniDependent();
				lines.add("  " + rule.id() + ": " + switch (match.result()) {
					case YES -> "allows it (" + match.detail() + ")";
					case NO -> match.detail();
					case MAYBE -> "may allow it (" + match.detail() + ")";
				});
				if (match.result() == Tri.YES && isolated == Tri.YES) {
					return new Side(Tri.YES, rule.id() + " allows it (" + match.detail() + ")", lines, cni);
				}
				if (match.result() != Tri.NO && maybe == null) {
					maybe = rule.id() + " may allow it (" + match.detail() + ")";
				}
			}
		}
		if (maybe == null && isolated == Tri.YES) {
			return new Side(Tri.NO, "no " + direction.field() + " rule of " + String.join(", ", names) + " allows "
					+ RuleMatcher.traffic(port, protocol) + " " + peerWord + peer.id(), lines, cni);
		}
		return new Side(Tri.MAYBE, (maybe != null) ? maybe : what + " may be isolated by " + String.join(", ", names),
				lines, cni);
	}

	private Tri test(Direction direction, Workload subject, Workload peer, Workload destination, Integer port,
			Protocol protocol) {
		if (!subject.inCluster()) {
			return Tri.YES;
		}
		Isolation isolation = isolation(direction, subject);
		if (isolation.policies().isEmpty()) {
			return Tri.YES;
		}
		boolean maybe = false;
		for (NetworkPolicy policy : isolation.policies()) {
			for (PolicyRule rule : rules(policy, direction)) {
				Tri match = this.matcher.test(rule, peer, destination, port, protocol);
				if (match == Tri.YES && isolation.isolated() == Tri.YES) {
					return Tri.YES;
				}
				maybe |= match != Tri.NO;
			}
		}
		return (!maybe && isolation.isolated() == Tri.YES) ? Tri.NO : Tri.MAYBE;
	}

	/**
	 * The policies that select a pod for a direction.
	 * @param isolated whether they do for sure (uncertain for a pod whose labels are unknown)
	 * @param policies the policies that do or may
	 */
	record Isolation(Tri isolated, List<NetworkPolicy> policies) {
	}

	Isolation isolation(Direction direction, Workload subject) {
		if (subject.kind() == Workload.Kind.POD) {
			return this.isolations.computeIfAbsent(direction.name() + " " + subject.id(),
					(key) -> computeIsolation(direction, subject));
		}
		return computeIsolation(direction, subject);
	}

	private Isolation computeIsolation(Direction direction, Workload subject) {
		List<NetworkPolicy> isolating = new ArrayList<>();
		Tri isolated = Tri.NO;
		for (NetworkPolicy policy : this.index.policies(subject.namespace())) {
			if (!PolicyTypes.isolates(policy, direction)) {
				continue;
			}
			LabelSelector selector = (policy.getSpec() != null) ? policy.getSpec().getPodSelector() : null;
			Tri selects = LabelSelectors.match(selector, subject.labels(), subject.labelsComplete());
			if (selects != Tri.NO) {
				isolating.add(policy);
				isolated = isolated.or(selects);
			}
		}
		return new Isolation(isolated, isolating);
	}

	List<PolicyRule> rules(NetworkPolicy policy, Direction direction) {
		return this.rules.get(direction).get(policy);
	}

}
