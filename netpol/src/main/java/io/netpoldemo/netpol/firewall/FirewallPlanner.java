package io.netpoldemo.netpol.firewall;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.netpoldemo.netpol.AllowingRule;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.Direction;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.PortRange;

/**
 * Turns the evaluator's model of a {@link Cluster} into per-pod allow lists of addresses and ports, the form a packet
 * filter (nftables, iptables) needs. Every NetworkPolicy question is the evaluator's: which policies isolate a pod
 * ({@link PolicyEvaluator#isolated}), their rules ({@link PolicyEvaluator#allowingRules}), which pods a rule's peers
 * hold, which address blocks it names, which ports it allows on a destination ({@link AllowingRule}). The planner only
 * writes those answers as address and port matches, so the plan and the evaluator's verdicts cannot disagree.
 *
 * <p>
 * A rule becomes one allow rule per pod its peers hold, with the ports it allows on the destination (named ports
 * resolve per destination pod: on the peer for egress, on the pod itself for ingress), plus one for its address blocks
 * with the ports that apply outside the cluster (egress: numbers only, a name means nothing there).
 */
public final class FirewallPlanner {

	private FirewallPlanner() {
	}

	public static FirewallPlan plan(Cluster cluster) {
		PolicyEvaluator model = new PolicyEvaluator(cluster);
		List<String> notes = new ArrayList<>();
		List<Pod> addressed = new ArrayList<>();
		for (Pod pod : cluster.pods()) {
			if (ip(pod) == null) {
				notes.add("pod " + id(pod) + " has no IP (status.podIP): left out of the plan and of every peer list");
			}
			else {
				addressed.add(pod);
			}
		}
		List<PodFirewall> firewalls = new ArrayList<>();
		for (Pod pod : addressed) {
			String id = id(pod);
			firewalls.add(new PodFirewall(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), ip(pod),
					model.isolated(id, Direction.INGRESS), model.isolated(id, Direction.EGRESS),
					rules(model, id, Direction.INGRESS, addressed, notes),
					rules(model, id, Direction.EGRESS, addressed, notes)));
		}
		return new FirewallPlan(firewalls, notes);
	}

	private static List<AllowRule> rules(PolicyEvaluator model, String pod, Direction direction, List<Pod> pods,
			List<String> notes) {
		List<AllowRule> allowed = new ArrayList<>();
		for (AllowingRule rule : model.allowingRules(pod, direction)) {
			// Egress: the ports of each destination pod, and numbers alone outside the cluster; ingress: this pod's.
			List<PortMatch> outside = ports(rule, (direction == Direction.EGRESS) ? null : pod);
			boolean held = false;
			for (Pod peer : pods) {
				if (!rule.holds(id(peer))) {
					continue;
				}
				held = true;
				List<PortMatch> ports = ports(rule, (direction == Direction.EGRESS) ? id(peer) : pod);
				// An empty peer list's blocks hold every pod: a per-pod rule with the same ports would add nothing.
				if (ports != null && !(rule.everyPeer() && ports.equals(outside))) {
					allowed.add(new AllowRule(rule.policy(), rule.index(), List.of(single(ip(peer))), ports));
				}
			}
			List<AddressMatch> blocks = rule.blocks()
				.stream()
				.map((block) -> new AddressMatch(block.cidr(), block.except()))
				.toList();
			if (!blocks.isEmpty() && outside != null) {
				allowed.add(new AllowRule(rule.policy(), rule.index(), blocks, outside));
			}
			if ((held || !blocks.isEmpty()) && allowed.stream().noneMatch((added) -> added.policy()
				.equals(rule.policy()) && added.ruleIndex() == rule.index())) {
				notes.add(rule.policy() + " " + direction.field() + "[" + rule.index() + "]: none of its ports applies"
						+ " for pod " + pod);
			}
		}
		return allowed;
	}

	/**
	 * The ports a rule allows on a destination as matches: empty for every port, {@code null} when it lists ports and
	 * none applies there.
	 */
	private static List<PortMatch> ports(AllowingRule rule, String destination) {
		if (rule.everyPort()) {
			return List.of();
		}
		List<PortMatch> ports = rule.ports(destination).stream().map(FirewallPlanner::portMatch).toList();
		return ports.isEmpty() ? null : ports;
	}

	private static PortMatch portMatch(PortRange range) {
		if (range.everyPort()) {
			return new PortMatch(range.protocol().name(), null, null);
		}
		return new PortMatch(range.protocol().name(), range.first(),
				(range.last() != range.first()) ? range.last() : null);
	}

	private static AddressMatch single(String ip) {
		return new AddressMatch(ip + ((ip.indexOf(':') >= 0) ? "/128" : "/32"), List.of());
	}

	private static String ip(Pod pod) {
		return (pod.getStatus() != null && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isBlank())
				? pod.getStatus().getPodIP() : null;
	}

	private static String id(Pod pod) {
		return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
	}

}
