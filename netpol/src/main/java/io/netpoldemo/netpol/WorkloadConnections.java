package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
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
 * Workloads whose pods behave alike under every rule ({@link PodClasses}) are evaluated once, against every other
 * class (the cost follows the number of classes, not of workloads). Address ranges outside the cluster are classes of their own, one address speaking for its range.
 */
final class WorkloadConnections implements ConnectionList.Evaluation {

	/** The connections of a pair of classes: allowed for sure, and what the inputs cannot decide. */
	private record Pair(ConnectionSet allowed, ConnectionSet uncertain) {
	}

	/** One side (egress of the source or ingress of the destination): what it opens for sure and may open. */
	private record Side(int id, ConnectionSet certain, ConnectionSet possible) {
	}

	/** Which of a subject's rules hold the peer (for sure, maybe), and the destination's container ports. */
	private record SideKey(long yes, long maybe, int ports) {
	}

	/** A class's rules for one direction, and the sides they have given so far. */
	private record SubjectRules(boolean isolated, int[] ruleIds, Map<SideKey, Side> sides) {
	}

	private static final SubjectRules NOT_ISOLATED = new SubjectRules(false, new int[0], Map.of());

	private static final Side OPEN = new Side(0, ConnectionSet.ALL, ConnectionSet.ALL);

	private static final Side CLOSED = new Side(1, ConnectionSet.NONE, ConnectionSet.NONE);

	private static final Tri[] TRI = Tri.values();

	private static final Pair NOTHING = new Pair(ConnectionSet.NONE, ConnectionSet.NONE);

	private final ConnectionCheck check;

	private final RuleMatcher matcher;

	/** The pod (or address) that speaks for each class. */
	private final List<Workload> representatives = new ArrayList<>();

	/** The class of each peer. */
	private final Map<Peer, Integer> classes = new HashMap<>();

	private final List<Peer> workloads = new ArrayList<>();

	/** The workload of each pod, by {@code namespace/name}. */
	private final Map<String, Peer> owners = new HashMap<>();

	private final List<Peer> sources = new ArrayList<>();

	private final List<Peer> destinations = new ArrayList<>();

	/** Every rule of every policy, numbered for the tables below. */
	private final Map<PolicyRule, Integer> ruleIds = new IdentityHashMap<>();

	private final List<PolicyRule> rules = new ArrayList<>();

	/** The ports of each rule when they name no port (the same towards every destination), else {@code null}. */
	private final RuleMatcher.RulePorts[] constantPorts;

	/** The ports of rules that name ports, by rule and the destination's container ports. */
	private final Map<Long, RuleMatcher.RulePorts> namedPorts = new ConcurrentHashMap<>();

	/** Each class's kind and container ports, numbered: what named ports resolve against. */
	private final int[] portSignatures;

	/** Whether rule r's peers hold class c: 0 not computed yet, then 1 + {@link Tri#ordinal()}. */
	private final byte[][] peerMatches;

	/** The rules of each class, by direction ({@link Direction#ordinal()}). */
	private final SubjectRules[][] subjectRules;

	private final java.util.concurrent.atomic.AtomicInteger sideIds = new java.util.concurrent.atomic.AtomicInteger(1);

	private final Map<List<ConnectionSet>, Side> distinctSides = new ConcurrentHashMap<>();

	/** The pair of each egress side and ingress side met so far, by their ids. */
	private final Map<List<Integer>, Pair> pairs = new ConcurrentHashMap<>();

	/** The connections from one class to every class, computed a source class at a time. */
	private final Map<Integer, Pair[]> rows = new ConcurrentHashMap<>();


	WorkloadConnections(ClusterIndex index, ConnectionCheck check) {
		this.check = check;
		this.matcher = check.matcher();
		List<Intervals> ingressBlocks = new ArrayList<>();
		List<Intervals> egressBlocks = new ArrayList<>();
		for (NetworkPolicy policy : index.cluster().policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : check.rules(policy, direction)) {
					this.ruleIds.put(rule, this.rules.size());
					this.rules.add(rule);
					for (NetworkPolicyPeer peer : rule.peers()) {
						if (peer.getIpBlock() != null) {
							Intervals addresses = IpRanges.of(peer.getIpBlock());
							if (addresses != null) {
								((direction == Direction.INGRESS) ? ingressBlocks : egressBlocks).add(addresses);
							}
						}
					}
				}
			}
		}
		addWorkloads(index);
		addAddresses(IpRanges.disjoint(ingressBlocks), this.sources);
		addAddresses(IpRanges.disjoint(egressBlocks), this.destinations);
		Comparator<Peer> printed = Comparator.comparing(Peer::toString);
		this.workloads.sort(printed);
		this.sources.addAll(this.workloads);
		this.sources.sort(printed);
		this.destinations.addAll(this.workloads);
		this.destinations.sort(printed);
		this.peerMatches = new byte[this.rules.size()][this.representatives.size()];
		this.subjectRules = new SubjectRules[2][this.representatives.size()];
		this.constantPorts = new RuleMatcher.RulePorts[this.rules.size()];
		for (int id = 0; id < this.rules.size(); id++) {
			PolicyRule rule = this.rules.get(id);
			if (rule.ports().stream().noneMatch((port) -> port.getPort() != null && port.getPort().getStrVal() != null)) {
				this.constantPorts[id] = this.matcher.ports(rule, null);
			}
		}
		Map<List<Object>, Integer> signatures = new HashMap<>();
		this.portSignatures = new int[this.representatives.size()];
		for (int id = 0; id < this.portSignatures.length; id++) {
			Workload pod = this.representatives.get(id);
			this.portSignatures[id] = signatures.computeIfAbsent(List.of(pod.kind(), pod.ports()), (key) -> signatures.size());
		}
	}

	ConnectionList list() {
		return new ConnectionList(this.workloads, this.sources, this.destinations, this);
	}

	/**
	 * One peer per workload: a pod with a controller counts as its controller, and the controller's first pod speaks
	 * for it (as in netpol-analyzer). Pods with the same namespace, labels, container ports and the same answer from
	 * every ipBlock of the policies share a class.
	 */
	private void addWorkloads(ClusterIndex index) {
		PodClasses podClasses = new PodClasses(index.cluster());
		Map<String, Pod> pods = new HashMap<>();
		index.cluster().pods().forEach((pod) -> pods.putIfAbsent(
				pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod));
		Map<List<Object>, Integer> classKeys = new HashMap<>();
		Map<Peer, Workload> firstPods = new LinkedHashMap<>();
		for (Workload pod : index.pods()) {
			Peer owner = owner(pods.get(pod.id()), pod);
			this.owners.put(pod.id(), owner);
			firstPods.putIfAbsent(owner, pod);
		}
		firstPods.forEach((peer, pod) -> {
			List<Object> key = podClasses.key(pod);
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
		Pair[] row = this.rows.get(from);
		Pair pair = (src.isExternal() && dst.isExternal()) ? NOTHING : (row != null) ? row[to] : pair(from, to);
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
		if (!this.representatives.get(from).inCluster() && !this.representatives.get(to).inCluster()) {
			return NOTHING;
		}
		Side egress = side(Direction.EGRESS, from, to, to);
		if (egress.possible().isEmpty()) {
			return NOTHING;
		}
		Side ingress = side(Direction.INGRESS, to, from, to);
		List<Integer> key = List.of(egress.id(), ingress.id());
		Pair pair = this.pairs.get(key);
		if (pair == null) {
			ConnectionSet allowed = egress.certain().intersect(ingress.certain());
			ConnectionSet possible = egress.possible().intersect(ingress.possible());
			pair = new Pair(allowed, possible.minus(allowed));
			this.pairs.putIfAbsent(key, pair);
		}
		return pair;
	}

	/**
	 * What one side opens: everything when no policy isolates the pod for that direction; otherwise the union of the
	 * ports of the rules whose peers hold the other end (a port is certain when a rule certainly opens it, and
	 * possible when some rule may). The answer depends only on which of the subject's rules hold the peer and on the
	 * destination's container ports, so it is kept per subject under that key.
	 */
	private Side side(Direction direction, int subject, int peer, int destination) {
		SubjectRules rules = subjectRules(direction, subject);
		if (rules == null) {
			return OPEN;
		}
		int[] ids = rules.ruleIds();
		if (ids.length > 63) {
			return computeSide(rules, peer, destination);
		}
		long yes = 0;
		long maybe = 0;
		for (int k = 0; k < ids.length; k++) {
			Tri match = peers(ids[k], peer);
			if (match == Tri.YES) {
				yes |= 1L << k;
			}
			else if (match == Tri.MAYBE) {
				maybe |= 1L << k;
			}
		}
		if (yes == 0 && maybe == 0 && rules.isolated()) {
			return CLOSED;
		}
		SideKey key = new SideKey(yes, maybe, this.portSignatures[destination]);
		Side side = rules.sides().get(key);
		if (side == null) {
			side = computeSide(rules, peer, destination);
			rules.sides().putIfAbsent(key, side);
		}
		return side;
	}

	private Side computeSide(SubjectRules rules, int peer, int destination) {
		ConnectionSet certain = ConnectionSet.NONE;
		ConnectionSet possible = rules.isolated() ? ConnectionSet.NONE : ConnectionSet.ALL;
		for (int id : rules.ruleIds()) {
			Tri peers = peers(id, peer);
			if (peers == Tri.NO) {
				continue;
			}
			RuleMatcher.RulePorts ports = ports(id, destination);
			if (peers == Tri.YES && rules.isolated()) {
				certain = certain.union(ports.certain());
			}
			possible = possible.union(ports.possible());
		}
		// One Side per distinct result across all classes, so that the pairs below are few.
		ConnectionSet certainSet = certain;
		ConnectionSet possibleSet = possible;
		return this.distinctSides.computeIfAbsent(List.of(certain, possible),
				(key) -> new Side(this.sideIds.incrementAndGet(), certainSet, possibleSet));
	}

	/**
	 * The rules that decide a direction of a class, or {@code null} when nothing isolates it (outside the cluster, or
	 * no policy selects it).
	 */
	private SubjectRules subjectRules(Direction direction, int subject) {
		SubjectRules[] byClass = this.subjectRules[direction.ordinal()];
		SubjectRules rules = byClass[subject];
		if (rules == null) {
			Workload pod = this.representatives.get(subject);
			ConnectionCheck.Isolation isolation = pod.inCluster() ? this.check.isolation(direction, pod) : null;
			if (isolation == null || isolation.policies().isEmpty()) {
				rules = NOT_ISOLATED;
			}
			else {
				List<Integer> ids = new ArrayList<>();
				for (NetworkPolicy policy : isolation.policies()) {
					this.check.rules(policy, direction).forEach((rule) -> ids.add(this.ruleIds.get(rule)));
				}
				rules = new SubjectRules(isolation.isolated() == Tri.YES,
						ids.stream().mapToInt(Integer::intValue).toArray(), new ConcurrentHashMap<>());
			}
			byClass[subject] = rules;
		}
		return (rules == NOT_ISOLATED) ? null : rules;
	}

	private Tri peers(int rule, int peer) {
		byte[] matches = this.peerMatches[rule];
		if (matches[peer] == 0) {
			matches[peer] = (byte) (1 + this.matcher.peers(this.rules.get(rule), this.representatives.get(peer)).ordinal());
		}
		return TRI[matches[peer] - 1];
	}

	private RuleMatcher.RulePorts ports(int rule, int destination) {
		RuleMatcher.RulePorts constant = this.constantPorts[rule];
		if (constant != null) {
			return constant;
		}
		return this.namedPorts.computeIfAbsent(((long) rule << 32) | this.portSignatures[destination],
				(key) -> this.matcher.ports(this.rules.get(rule), this.representatives.get(destination)));
	}

	@Override
	public Peer workloadOf(String pod) {
		return this.owners.get(pod);
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
		SubjectRules rules = subjectRules(direction, subject);
		if (rules == null) {
			return new Reasons.Side(false, List.of());
		}
		List<String> allowing = new ArrayList<>();
		for (int id : rules.ruleIds()) {
			if (peers(id, peer) == Tri.YES && !ports(id, destination).certain().intersect(allowed).isEmpty()) {
				allowing.add(this.rules.get(id).id());
			}
		}
		return new Reasons.Side(rules.isolated(), allowing);
	}

}
