package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/** Matches one rule against the other end of a connection and its port, in three-valued logic. */
final class RuleMatcher {

	private final ClusterIndex index;

	private final Map<String, Cidr> cidrs = new ConcurrentHashMap<>();

	private final Map<String, byte[]> addresses = new ConcurrentHashMap<>();

	RuleMatcher(ClusterIndex index) {
		this.index = index;
	}

	/**
	 * A rule's match and the facts that explain it.
	 *
	 * @param result whether the rule matches
	 * @param detail what matched or why it may not
	 * @param cniDependent whether an ipBlock decided about an in-cluster address
	 */
	record Match(Tri result, String detail, boolean cniDependent) {
	}

	/**
	 * Whether {@code rule} lets traffic through between its policy's pod and {@code peer}; {@code destination} is
	 * the pod whose named ports count (the peer for egress, the policy's pod for ingress).
	 */
	Match match(PolicyRule rule, Workload peer, Workload destination, Integer port, Protocol protocol) {
		return match(rule, peer, destination, port, protocol, true);
	}

	/** The match alone, without building the texts: for matrices of many pairs. */
	Tri test(PolicyRule rule, Workload peer, Workload destination, Integer port, Protocol protocol) {
		return match(rule, peer, destination, port, protocol, false).result();
	}

	private Match match(PolicyRule rule, Workload peer, Workload destination, Integer port, Protocol protocol,
			boolean explain) {
		Tri ports = Tri.NO;
		List<String> portNotes = explain ? new ArrayList<>() : null;
		if (rule.everyPort()) {
			ports = Tri.YES;
		}
		for (NetworkPolicyPort entry : rule.ports()) {
			ports = ports.or(port(entry, destination, port, protocol, portNotes));
		}
		if (ports == Tri.NO) {
			return new Match(Tri.NO, explain ? "no port entry matches " + traffic(port, protocol) : null, false);
		}
		Tri peers = Tri.NO;
		boolean cni = false;
		String peerDetail = null;
		if (rule.everyPeer()) {
			peers = Tri.YES;
			peerDetail = explain ? rule.direction().peerField() + ": [] (every peer)" : null;
		}
		for (NetworkPolicyPeer entry : rule.peers()) {
			PeerMatch peerMatch = peer(rule, entry, peer, explain);
			if (peerMatch.result() != Tri.NO && (peerDetail == null || peerMatch.result() == Tri.YES)) {
				peerDetail = peerMatch.detail();
			}
			cni |= peerMatch.cniDependent() && peerMatch.result() != Tri.MAYBE;
			peers = peers.or(peerMatch.result());
		}
		if (peers == Tri.NO) {
			return new Match(Tri.NO, explain ? "no peer matches " + peer.id() : null, cni);
		}
		if (!explain) {
			return new Match(peers.and(ports), null, cni);
		}
		String portDetail = rule.everyPort() ? "every port" : String.join(", ", portNotes);
		return new Match(peers.and(ports), peerDetail + ", " + portDetail, cni);
	}

	private record PeerMatch(Tri result, String detail, boolean cniDependent) {
	}

	/** Whether a rule's peers hold a workload, whatever the port: selectors, or an ipBlock holding its address. */
	Tri peers(PolicyRule rule, Workload peer) {
		Tri peers = rule.everyPeer() ? Tri.YES : Tri.NO;
		for (NetworkPolicyPeer entry : rule.peers()) {
			peers = peers.or(peer(rule, entry, peer, false).result());
		}
		return peers;
	}

	/**
	 * The ports of a port entry on a destination, as an inclusive range of its protocol: every port (1-65535) when
	 * the entry names none, a named port resolved on the destination's containers (init containers included),
	 * {@code endPort} ending a range.
	 * @return the range, or {@code null} when the entry allows nothing there: a name the destination does not declare,
	 * or any name outside the cluster, where names mean nothing
	 */
	static PortRange range(NetworkPolicyPort entry, Workload destination) {
		Protocol protocol = Protocol.of(entry.getProtocol());
		IntOrString value = entry.getPort();
		if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
			return new PortRange(protocol, 1, 65535);
		}
		int number;
		if (value.getIntVal() != null) {
			number = value.getIntVal();
		}
		else {
			number = destination.inCluster() ? destination.namedPort(value.getStrVal(), protocol) : -1;
			if (number < 0) {
				return null;
			}
		}
		Integer end = entry.getEndPort();
		return new PortRange(protocol, number, (end != null) ? end : number);
	}

	private PeerMatch peer(PolicyRule rule, NetworkPolicyPeer entry, Workload peer, boolean explain) {
		if (entry.getIpBlock() != null) {
			return ipBlock(entry.getIpBlock(), peer, explain);
		}
		Tri result = selectors(rule, entry, peer);
		if (!explain) {
			return new PeerMatch(result, null, false);
		}
		if (!peer.inCluster()) {
			return new PeerMatch(Tri.NO, "selectors match pods only", false);
		}
		String detail;
		if (entry.getNamespaceSelector() == null) {
			// A podSelector alone means the policy's own namespace.
			detail = "podSelector " + LabelSelectors.describe(entry.getPodSelector()) + " in "
					+ rule.policy().getMetadata().getNamespace();
		}
		else {
			detail = "namespaceSelector " + LabelSelectors.describe(entry.getNamespaceSelector());
			if (entry.getPodSelector() != null) {
				detail += " and podSelector " + LabelSelectors.describe(entry.getPodSelector());
			}
		}
		if (result == Tri.MAYBE) {
			detail += " (the labels of " + peer.id() + " are not in the inputs)";
		}
		return new PeerMatch(result, detail, false);
	}

	/** Whether a selector peer of a rule (podSelector, namespaceSelector or both) matches a pod. */
	Tri selectors(PolicyRule rule, NetworkPolicyPeer entry, Workload peer) {
		if (!peer.inCluster()) {
			return Tri.NO;
		}
		Tri namespace = (entry.getNamespaceSelector() == null)
				? Tri.of(rule.policy().getMetadata().getNamespace().equals(peer.namespace()))
				: LabelSelectors.match(entry.getNamespaceSelector(), this.index.namespaceLabels(peer.namespace()),
						this.index.knowsNamespace(peer.namespace()));
		return (namespace == Tri.NO) ? Tri.NO
				: namespace.and(LabelSelectors.match(entry.getPodSelector(), peer.labels(), peer.labelsComplete()));
	}

	private PeerMatch ipBlock(IPBlock block, Workload peer, boolean explain) {
		Cidr cidr = this.cidrs.computeIfAbsent(block.getCidr(), Cidr::parse);
		List<Cidr> excepts = (block.getExcept() != null)
				? block.getExcept().stream().map((except) -> this.cidrs.computeIfAbsent(except, Cidr::parse)).toList()
				: List.of();
		String detail = explain ? "ipBlock " + cidr + (excepts.isEmpty() ? "" : " except " + excepts) : null;
		if (peer.ip() != null) {
			byte[] address = this.addresses.computeIfAbsent(peer.ip(), Cidr::address);
			boolean inside = cidr.contains(address) && excepts.stream().noneMatch((except) -> except.contains(address));
			return new PeerMatch(Tri.of(inside), explain ? detail + (inside ? " holds " : " leaves out ") + peer.ip()
					: null, peer.inCluster());
		}
		if (!peer.inCluster()) {
			// An external name resolves to a public address nobody knows offline.
			if (cidr.isEverything() && excepts.stream().allMatch(Cidr::isNonPublic)) {
				return new PeerMatch(Tri.YES, explain ? detail + " holds every public address" : null, false);
			}
			return new PeerMatch(Tri.MAYBE, explain
					? detail + " may or may not hold the address " + peer.name() + " resolves to (not known offline)"
					: null, false);
		}
		if (cidr.isEverything() && excepts.isEmpty()) {
			return new PeerMatch(Tri.YES, explain ? detail + " holds every address of its family" : null, true);
		}
		return new PeerMatch(Tri.MAYBE,
				explain ? detail + " may or may not hold " + peer.id() + " (no pod IP in the inputs)" : null, true);
	}

	private Tri port(NetworkPolicyPort entry, Workload destination, Integer port, Protocol protocol,
			List<String> notes) {
		Protocol entryProtocol = Protocol.of(entry.getProtocol());
		if (entryProtocol != protocol) {
			return Tri.NO;
		}
		IntOrString value = entry.getPort();
		if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
			note(notes, "every " + protocol + " port");
			return Tri.YES;
		}
		if (value.getStrVal() != null && destination.kind() == Workload.Kind.UNKNOWN_POD) {
			note(notes, protocol + " port named " + value.getStrVal() + " (the pod is not in the inputs)");
			return Tri.MAYBE;
		}
		PortRange range = range(entry, destination);
		if (range == null) {
			return Tri.NO;
		}
		String described = (notes == null) ? null : (value.getStrVal() != null)
				? protocol + " port named " + value.getStrVal() + " (" + range.first() + " on " + destination.id() + ")"
				: protocol + " " + range(range.first(), entry.getEndPort());
		if (port == null) {
			note(notes, described + " (the target port is not known)");
			return Tri.MAYBE;
		}
		boolean matches = range.holds(port);
		if (matches) {
			note(notes, described);
		}
		return Tri.of(matches);
	}

	private static void note(List<String> notes, String note) {
		if (notes != null) {
			notes.add(note);
		}
	}

	private static String range(int number, Integer end) {
		return (end != null) ? number + "-" + end : String.valueOf(number);
	}

	static String traffic(Integer port, Protocol protocol) {
		return protocol + " " + ((port != null) ? port : "(unknown port)");
	}

}
