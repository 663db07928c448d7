package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.netpoldemo.netpol.connections.Connection;
import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.ConnectionSet;
import io.netpoldemo.netpol.connections.Intervals;
import io.netpoldemo.netpol.connections.Peer;
import io.netpoldemo.netpol.connections.Reasons;

/**
 * Every connection between workloads over the whole port space, from the same model as every single verdict: the
 * isolation of {@link ConnectionCheck} and the rule matching of {@link RuleMatcher}, with port ranges instead of one
 * port. A connection needs the source's egress and the destination's ingress: on each side the union of what the
 * matching rules open, then the intersection of the two sides.
 * <p>
 * Workloads whose pods share namespace, labels, container ports and the ipBlocks their IP falls in behave alike under
 * every rule, so each such class is evaluated once, against every other class (the cost follows the number of classes,
 * not of workloads). Address ranges outside the cluster are classes of their own, one address speaking for its range.
 */
final class WorkloadConnections implements ConnectionList.Evaluation {

	/** The connections of a pair of classes: allowed for sure, and what the inputs cannot decide. */
	private record Pair(ConnectionSet allowed, ConnectionSet uncertain) {
	}

	/** One side (egress of the source or ingress of the destination): what it opens for sure and may open. */
	private record Side(ConnectionSet certain, ConnectionSet possible) {
	}

	private static final Side OPEN = new Side(ConnectionSet.ALL, ConnectionSet.ALL);

	private static final Pair NOTHING = new Pair(ConnectionSet.NONE, ConnectionSet.NONE);

	private final ConnectionCheck check;

	private final RuleMatcher matcher;

	/** The pod (or address) that speaks for each class. */
	private final List<Workload> representatives = new ArrayList<>();

	/** The class of each peer. */
	private final Map<Peer, Integer> classes = new HashMap<>();

	private final List<Peer> workloads = new ArrayList<>();

	private final List<Peer> sources = new ArrayList<>();

	private final List<Peer> destinations = new ArrayList<>();

	/** Every rule of every policy, numbered for the tables below. */
	private final Map<PolicyRule, Integer> ruleIds = new IdentityHashMap<>();

	/** Whether rule r's peers hold class c: 0 not computed yet, then 1 + {@link Tri#ordinal()}. */
	private final byte[][] peerMatches;

	/** The isolation of each class, by direction ({@code [0]} egress, {@code [1]} ingress). */
	private final ConnectionCheck.Isolation[][] isolations;

	/** The ports a rule opens towards a class, keyed by rule and the class's container ports. */
	private final Map<List<Object>, RuleMatcher.RulePorts> rulePorts = new ConcurrentHashMap<>();

	/** The connections from one class to every class, computed a source class at a time. */
	private final Map<Integer, Pair[]> rows = new ConcurrentHashMap<>();

	/** One instance of each distinct result, so that rows of many classes share a few objects. */
	private final Map<Pair, Pair> interned = new ConcurrentHashMap<>();

	WorkloadConnections(ClusterIndex index, ConnectionCheck check) {
		this.check = check;
		this.matcher = check.matcher();
		List<Intervals> ingressBlocks = new ArrayList<>();
		List<Intervals> egressBlocks = new ArrayList<>();
		List<IPBlock> blocks = new ArrayList<>();
		for (NetworkPolicy policy : index.cluster().policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : check.rules(policy, direction)) {
					this.ruleIds.put(rule, this.ruleIds.size());
					for (NetworkPolicyPeer peer : rule.peers()) {
						if (peer.getIpBlock() != null) {
							blocks.add(peer.getIpBlock());
							Intervals addresses = IpRanges.of(peer.getIpBlock());
							if (addresses != null) {
								((direction == Direction.INGRESS) ? ingressBlocks : egressBlocks).add(addresses);
							}
						}
					}
				}
			}
		}
		addWorkloads(index, blocks);
		addAddresses(IpRanges.disjoint(ingressBlocks), this.sources);
		addAddresses(IpRanges.disjoint(egressBlocks), this.destinations);
		Comparator<Peer> printed = Comparator.comparing(Peer::toString);
		this.workloads.sort(printed);
		this.sources.addAll(this.workloads);
		this.sources.sort(printed);
		this.destinations.addAll(this.workloads);
		this.destinations.sort(printed);
		this.peerMatches = new byte[this.ruleIds.size()][this.representatives.size()];
		this.isolations = new ConnectionCheck.Isolation[2][this.representatives.size()];
	}

	ConnectionList list() {
		return new ConnectionList(this.workloads, this.sources, this.destinations, this);
	}

	/**
	 * One peer per workload: a pod with a controller counts as its controller, and the controller's first pod speaks
	 * for it (as in netpol-analyzer). Pods with the same namespace, labels, container ports and the same answer from
	 * every ipBlock of the policies share a class.
	 */
	private void addWorkloads(ClusterIndex index, List<IPBlock> blocks) {
		Map<String, Pod> pods = new HashMap<>();
		index.cluster().pods().forEach((pod) -> pods.putIfAbsent(
				pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod));
		Map<List<Object>, Integer> classKeys = new HashMap<>();
		Map<Peer, Workload> owners = new LinkedHashMap<>();
		for (Workload pod : index.pods()) {
			owners.putIfAbsent(owner(pods.get(pod.id()), pod), pod);
		}
		owners.forEach((peer, pod) -> {
			List<Object> key = List.of(pod.namespace(), new TreeMap<>(pod.labels()), pod.ports(),
					ipBlockAnswers(pod, blocks));
			Integer id = classKeys.computeIfAbsent(key, (newKey) -> addClass(pod));
			this.classes.put(peer, id);
			this.workloads.add(peer);
		});
	}

	private static Peer owner(Pod pod, Workload workload) {
		List<OwnerReference> references = (pod != null) ? pod.getMetadata().getOwnerReferences() : null;
		if (references != null) {
			for (OwnerReference reference : references) {
				if (Boolean.TRUE.equals(reference.getController()) && reference.getKind() != null
						&& reference.getName() != null) {
					return Peer.workload(workload.namespace(), reference.getName(), reference.getKind());
				}
			}
		}
		return Peer.workload(workload.namespace(), workload.name(), "Pod");
	}

	/** Which ipBlocks hold the pod's IP: the only way its IP can matter to a rule. */
	private static List<Boolean> ipBlockAnswers(Workload pod, List<IPBlock> blocks) {
		List<Boolean> answers = new ArrayList<>();
		if (pod.ip() == null || blocks.isEmpty()) {
			answers.add(pod.ip() == null);
			return answers;
		}
		byte[] address = Cidr.address(pod.ip());
		for (IPBlock block : blocks) {
			boolean inside = Cidr.parse(block.getCidr()).contains(address) && (block.getExcept() == null
					|| block.getExcept().stream().noneMatch((except) -> Cidr.parse(except).contains(address)));
			answers.add(inside);
		}
		return answers;
	}

	private void addAddresses(List<Intervals> ranges, List<Peer> peers) {
		for (Intervals range : ranges) {
			Peer peer = Peer.external(range);
			if (this.classes.containsKey(peer)) {
				peers.add(peer);
				continue;
			}
			Workload address = new Workload(Workload.Kind.EXTERNAL, null, peer.name(), Map.of(),
					peer.firstAddress(), List.of());
			this.classes.put(peer, addClass(address));
			peers.add(peer);
		}
	}

	private int addClass(Workload representative) {
		this.representatives.add(representative);
		return this.representatives.size() - 1;
	}

	@Override
	public void prepare(List<Peer> sources) {
		sources.stream()
			.map(this.classes::get)
			.distinct()
			.filter((id) -> !this.rows.containsKey(id))
			.toList()
			.parallelStream()
			.forEach(this::row);
	}

	@Override
	public Connection between(Peer src, Peer dst) {
		Integer from = this.classes.get(src);
		Integer to = this.classes.get(dst);
		if (from == null || to == null) {
			throw new IllegalArgumentException("no workload " + ((from == null) ? src : dst) + " in the inputs");
		}
		Pair pair = (src.isExternal() && dst.isExternal()) ? NOTHING : row(from)[to];
		return new Connection(src, dst, pair.allowed(), pair.uncertain());
	}

	private Pair[] row(int from) {
		Pair[] row = this.rows.get(from);
		if (row == null) {
			row = new Pair[this.representatives.size()];
			for (int to = 0; to < row.length; to++) {
				row[to] = pair(from, to);
			}
			this.rows.put(from, row);
		}
		return row;
	}

	private Pair pair(int from, int to) {
		Workload destination = this.representatives.get(to);
		if (!this.representatives.get(from).inCluster() && !destination.inCluster()) {
			return NOTHING;
		}
		Side egress = side(Direction.EGRESS, from, to, to);
		if (egress.possible().isEmpty()) {
			return NOTHING;
		}
		Side ingress = side(Direction.INGRESS, to, from, to);
		ConnectionSet allowed = egress.certain().intersect(ingress.certain());
		ConnectionSet possible = egress.possible().intersect(ingress.possible());
		Pair pair = new Pair(allowed, possible.minus(allowed));
		return this.interned.computeIfAbsent(pair, (key) -> key);
	}

	/**
	 * What one side opens: everything when no policy isolates the pod for that direction; otherwise the union of the
	 * ports of the rules whose peers hold the other end (a port is certain when a rule certainly opens it, and
	 * possible when some rule may).
	 */
	private Side side(Direction direction, int subject, int peer, int destination) {
		Workload pod = this.representatives.get(subject);
		if (!pod.inCluster()) {
			return OPEN;
		}
		ConnectionCheck.Isolation isolation = isolation(direction, subject);
		if (isolation.policies().isEmpty()) {
			return OPEN;
		}
		boolean isolated = isolation.isolated() == Tri.YES;
		ConnectionSet certain = ConnectionSet.NONE;
		ConnectionSet possible = isolated ? ConnectionSet.NONE : ConnectionSet.ALL;
		for (NetworkPolicy policy : isolation.policies()) {
			for (PolicyRule rule : this.check.rules(policy, direction)) {
				Tri peers = peers(rule, peer);
				if (peers == Tri.NO) {
					continue;
				}
				RuleMatcher.RulePorts ports = ports(rule, destination);
				if (peers == Tri.YES && isolated) {
					certain = certain.union(ports.certain());
				}
				possible = possible.union(ports.possible());
			}
		}
		return new Side(certain, possible);
	}

	private ConnectionCheck.Isolation isolation(Direction direction, int subject) {
		ConnectionCheck.Isolation[] byClass = this.isolations[direction.ordinal()];
		ConnectionCheck.Isolation isolation = byClass[subject];
		if (isolation == null) {
			isolation = this.check.isolation(direction, this.representatives.get(subject));
			byClass[subject] = isolation;
		}
		return isolation;
	}

	private Tri peers(PolicyRule rule, int peer) {
		byte[] matches = this.peerMatches[this.ruleIds.get(rule)];
		if (matches[peer] == 0) {
			matches[peer] = (byte) (1 + this.matcher.peers(rule, this.representatives.get(peer)).ordinal());
		}
		return Tri.values()[matches[peer] - 1];
	}

	private RuleMatcher.RulePorts ports(PolicyRule rule, int destination) {
		Workload pod = this.representatives.get(destination);
		return this.rulePorts.computeIfAbsent(List.of(this.ruleIds.get(rule), pod.kind(), pod.ports()),
				(key) -> this.matcher.ports(rule, pod));
	}

	@Override
	public Reasons reasons(Connection connection) {
		int from = this.classes.get(connection.src());
		int to = this.classes.get(connection.dst());
		return new Reasons(reasons(Direction.EGRESS, from, to, to, connection.allowed()),
				reasons(Direction.INGRESS, to, from, to, connection.allowed()));
	}

	private Reasons.Side reasons(Direction direction, int subject, int peer, int destination,
			ConnectionSet allowed) {
		if (!this.representatives.get(subject).inCluster()) {
			return new Reasons.Side(false, List.of());
		}
		ConnectionCheck.Isolation isolation = isolation(direction, subject);
		List<String> rules = new ArrayList<>();
		for (NetworkPolicy policy : isolation.policies()) {
			for (PolicyRule rule : this.check.rules(policy, direction)) {
				if (peers(rule, peer) == Tri.YES
						&& !ports(rule, destination).certain().intersect(allowed).isEmpty()) {
					rules.add(rule.id());
				}
			}
		}
		return new Reasons.Side(isolation.isolated() == Tri.YES, rules);
	}

}
