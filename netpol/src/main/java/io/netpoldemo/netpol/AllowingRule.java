package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * One ingress or egress rule of a policy that isolates a pod, with the evaluator's answers to what a packet filter
 * needs: which pods the rule's peers hold, which address blocks it names, which ports it allows on a destination.
 * Every answer comes from the same {@link RuleMatcher} that decides the evaluator's verdicts, so a filter built from
 * them cannot disagree with the evaluator (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
public final class AllowingRule {

	private static final List<Block> EVERY_ADDRESS = List.of(new Block("0.0.0.0/0", List.of()),
			new Block("::/0", List.of()));

	private static final Workload OUTSIDE = new Workload(Workload.Kind.EXTERNAL, null, "an address outside the cluster",
			Map.of(), null, List.of());

	private final PolicyRule rule;

	private final RuleMatcher matcher;

	private final ClusterIndex index;

	AllowingRule(PolicyRule rule, RuleMatcher matcher, ClusterIndex index) {
		this.rule = rule;
		this.matcher = matcher;
		this.index = index;
	}

	/**
	 * An address block of a rule, written as a filter needs it.
	 *
	 * @param cidr the block, host bits cleared ({@code 10.0.0.0/8})
	 * @param except the blocks left out, of the same family (an exception of the other family leaves nothing out)
	 */
	public record Block(String cidr, List<String> except) {

		public Block {
			except = List.copyOf(except);
		}

	}

	/** The policy as {@code namespace/name}. */
	public String policy() {
		return this.rule.policyId();
	}

	/** The rule's index in {@code spec.ingress} or {@code spec.egress}. */
	public int index() {
		return this.rule.index();
	}

	public Direction direction() {
		return this.rule.direction();
	}

	/**
	 * Whether the rule's peers hold a pod of the inputs: its selectors match it, or an ipBlock holds its IP (an empty
	 * peer list holds every pod). Only a certain match counts.
	 * @param pod {@code namespace/name}
	 */
	public boolean holds(String pod) {
		return this.matcher.peers(this.rule, this.index.resolve(pod)) == Tri.YES;
	}

	/** Whether the rule lists no peer: every pod and every address. */
	public boolean everyPeer() {
		return this.rule.everyPeer();
	}

	/**
	 * The address blocks the rule's peers name: its ipBlocks, or every address for an empty peer list. Addresses that
	 * are no pod's match the rule through these alone (a selector holds pods only).
	 */
	public List<Block> blocks() {
		if (this.rule.everyPeer()) {
			return EVERY_ADDRESS;
		}
		List<Block> blocks = new ArrayList<>();
		for (NetworkPolicyPeer peer : this.rule.peers()) {
			IPBlock block = peer.getIpBlock();
			if (block == null) {
				continue;
			}
			Cidr cidr = Cidr.parse(block.getCidr());
			List<String> except = new ArrayList<>();
			for (String text : (block.getExcept() != null) ? block.getExcept() : List.<String>of()) {
				Cidr exception = Cidr.parse(text);
				if (exception.isIpv6() == cidr.isIpv6()) {
					except.add(exception.canonical());
				}
			}
			blocks.add(new Block(cidr.canonical(), except));
		}
		return blocks;
	}

	/** Whether the rule lists no port: every port of every protocol. */
	public boolean everyPort() {
		return this.rule.everyPort();
	}

	/**
	 * The ports the rule allows on a destination: numbers as written, {@code endPort} ranges, named ports resolved on
	 * that pod's containers (init containers included).
	 * @param destinationPod {@code namespace/name}, or {@code null} for an address outside the cluster, where named
	 * ports mean nothing
	 * @return the ranges; empty when the rule lists ports and none applies there (also for {@link #everyPort()}, which
	 * callers check first)
	 */
	public List<PortRange> ports(String destinationPod) {
		Workload destination = (destinationPod != null) ? this.index.resolve(destinationPod) : OUTSIDE;
		List<PortRange> ranges = new ArrayList<>();
		for (NetworkPolicyPort entry : this.rule.ports()) {
			PortRange range = RuleMatcher.range(entry, destination);
			if (range != null) {
				ranges.add(range);
			}
		}
		return ranges;
	}

	@Override
	public String toString() {
		return this.rule.id();
	}

}
