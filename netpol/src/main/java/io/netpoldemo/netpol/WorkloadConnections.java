package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpoldemo.netpol.connections.Connection;
import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.ConnectionSet;
import io.netpoldemo.netpol.connections.Peer;
import io.netpoldemo.netpol.connections.Reasons;

/**
 * Every connection between workloads over the whole port space, from the same model as every single verdict: the
 * isolation of {@link ConnectionCheck} and the rule matching of {@link RuleMatcher}, with port ranges instead of one
 * port. A connection needs the source's egress and the destination's ingress: on each side the union of what the
 * matching rules open, then the intersection of the two sides.
 * <p>
 * Workloads whose pods behave alike under every rule are evaluated once, against every other class
 * ({@link ConnectionPeers}): the cost follows the number of classes, not of workloads.
 */
final class WorkloadConnections implements ConnectionList.Evaluation {

	/** The connections of a pair of classes: allowed for sure, and what the inputs cannot decide. */
	private record Pair(ConnectionSet allowed, ConnectionSet uncertain) {
	}

	/** One side (egress of the source or ingress of the destination): what it opens for sure and may open. */
	private record Side(int id, ConnectionSet certain, ConnectionSet possible) {
	}

	/** Which of a set of rules hold a peer: bit k for rule k, for sure and maybe. */
	private record Mask(long yes, long maybe) {
	}

	/** Which of a subject's rules hold the peer (for sure, maybe), and the destination's container ports. */
	private record SideKey(long yes, long maybe, int ports) {
	}

	/** The rules deciding a direction for some classes (one instance per distinct set), and the sides they gave. */
	private record SubjectRules(boolean isolated, int[] ruleIds, Map<SideKey, Side> sides) {
	}

	private static final SubjectRules NOT_ISOLATED = new SubjectRules(false, new int[0], Map.of());

	private static final Side OPEN = new Side(0, ConnectionSet.ALL, ConnectionSet.ALL);

	private static final Side CLOSED = new Side(1, ConnectionSet.NONE, ConnectionSet.NONE);

	private static final Pair NOTHING = new Pair(ConnectionSet.NONE, ConnectionSet.NONE);

	private final ConnectionCheck check;

	private final ConnectionPeers peers;

	private final RuleTables rules;

	/** The rules of each class, by direction ({@link Direction#ordinal()}). */
	private final SubjectRules[][] subjectRules;

	/** One instance per distinct set of deciding rules, shared by the classes it decides for. */
	private final Map<List<Object>, SubjectRules> distinctRules = new ConcurrentHashMap<>();

	private final AtomicInteger sideIds = new AtomicInteger(1);

	/** One Side per distinct result across all classes, so that the pairs below are few. */
	private final Map<List<ConnectionSet>, Side> distinctSides = new ConcurrentHashMap<>();

	/** The pair of each egress side and ingress side met so far, by their ids. */
	private final Map<List<Integer>, Pair> pairs = new ConcurrentHashMap<>();

	/** The connections from one class to every class, computed a source class at a time. */
	private final Map<Integer, Pair[]> rows = new ConcurrentHashMap<>();

	WorkloadConnections(ClusterIndex index, ConnectionCheck check) {
		this.check = check;
		this.peers = new ConnectionPeers(index);
		this.rules = new RuleTables(index, check, this.peers.representatives);
		this.subjectRules = new SubjectRules[2][this.peers.representatives.size()];
	}

	ConnectionList list() {
		return new ConnectionList(this.peers.workloads, this.peers.sources, this.peers.destinations, this);
	}

	@Override
	public void prepare(List<Peer> sources) {
		sources.stream()
			.map(this.peers::classOf)
			.distinct()
			.filter((id) -> !this.rows.containsKey(id))
			.toList()
			.parallelStream()
			.forEach(this::row);
	}

	@Override
	public Connection between(Peer src, Peer dst) {
		int from = this.peers.classOf(src);
		int to = this.peers.classOf(dst);
		Pair[] row = this.rows.get(from);
		Pair pair = (src.isExternal() && dst.isExternal()) ? NOTHING : (row != null) ? row[to] : pair(from, to, null);
		return new Connection(src, dst, pair.allowed(), pair.uncertain());
	}

	private Pair[] row(int from) {
		Pair[] row = this.rows.get(from);
		if (row == null) {
			row = new Pair[this.peers.representatives.size()];
			// Many destinations share their ingress rules: which of them hold this source is asked once per set.
			Map<SubjectRules, Mask> ingressMasks = new IdentityHashMap<>();
			for (int to = 0; to < row.length; to++) {
				row[to] = pair(from, to, ingressMasks);
			}
			this.rows.put(from, row);
		}
		return row;
	}

	private Pair pair(int from, int to, Map<SubjectRules, Mask> ingressMasks) {
		if (!this.peers.representatives.get(from).inCluster() && !this.peers.representatives.get(to).inCluster()) {
			return NOTHING;
		}
		SubjectRules egressRules = subjectRules(Direction.EGRESS, from);
		Side egress = side(egressRules, (egressRules != null) ? mask(egressRules, to) : null, to, to);
		if (egress.possible().isEmpty()) {
			return NOTHING;
		}
		SubjectRules ingressRules = subjectRules(Direction.INGRESS, to);
		Mask ingressMask = null;
		if (ingressRules != null) {
			ingressMask = (ingressMasks != null) ? ingressMasks.computeIfAbsent(ingressRules, (rules) -> mask(rules, from))
					: mask(ingressRules, from);
		}
		Side ingress = side(ingressRules, ingressMask, from, to);
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

	/** Which of the rules hold the peer, for sure and maybe; {@code null} past 63 rules. */
	private Mask mask(SubjectRules deciding, int peer) {
		int[] ids = deciding.ruleIds();
		if (ids.length > 63) {
			return null;
		}
		long yes = 0;
		long maybe = 0;
		for (int k = 0; k < ids.length; k++) {
			Tri match = this.rules.peers(ids[k], peer);
			if (match == Tri.YES) {
				yes |= 1L << k;
			}
			else if (match == Tri.MAYBE) {
				maybe |= 1L << k;
			}
		}
		return new Mask(yes, maybe);
	}

	/**
	 * What one side opens: everything when no policy isolates the pod for that direction; otherwise the union of the
	 * ports of the rules whose peers hold the other end (a port is certain when a rule certainly opens it, and
	 * possible when some rule may). The answer depends only on the rules, which of them hold the peer and the
	 * destination's container ports, so it is kept per set of rules under that key.
	 */
	private Side side(SubjectRules deciding, Mask mask, int peer, int destination) {
		if (deciding == null) {
			return OPEN;
		}
		if (mask == null) {
			return computeSide(deciding, peer, destination);
		}
		if (mask.yes() == 0 && mask.maybe() == 0 && deciding.isolated()) {
			return CLOSED;
		}
		SideKey key = new SideKey(mask.yes(), mask.maybe(), this.rules.portSignature(destination));
		Side side = deciding.sides().get(key);
		if (side == null) {
			side = computeSide(deciding, peer, destination);
			deciding.sides().putIfAbsent(key, side);
		}
		return side;
	}

	private Side computeSide(SubjectRules deciding, int peer, int destination) {
		ConnectionSet certain = ConnectionSet.NONE;
		ConnectionSet possible = deciding.isolated() ? ConnectionSet.NONE : ConnectionSet.ALL;
		for (int id : deciding.ruleIds()) {
			Tri peers = this.rules.peers(id, peer);
			if (peers == Tri.NO) {
				continue;
			}
			RuleMatcher.RulePorts ports = this.rules.ports(id, destination);
			if (peers == Tri.YES && deciding.isolated()) {
				certain = certain.union(ports.certain());
			}
			possible = possible.union(ports.possible());
		}
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
		SubjectRules found = byClass[subject];
		if (found == null) {
			Workload pod = this.peers.representatives.get(subject);
			ConnectionCheck.Isolation isolation = pod.inCluster() ? this.check.isolation(direction, pod) : null;
			if (isolation == null || isolation.policies().isEmpty()) {
				found = NOT_ISOLATED;
			}
			else {
				List<Integer> ids = new ArrayList<>();
				for (NetworkPolicy policy : isolation.policies()) {
					this.check.rules(policy, direction).forEach((rule) -> ids.add(this.rules.id(rule)));
				}
				boolean isolated = isolation.isolated() == Tri.YES;
				found = this.distinctRules.computeIfAbsent(List.of(isolated, ids), (key) -> new SubjectRules(isolated,
						ids.stream().mapToInt(Integer::intValue).toArray(), new ConcurrentHashMap<>()));
			}
			byClass[subject] = found;
		}
		return (found == NOT_ISOLATED) ? null : found;
	}

	@Override
	public Peer workloadOf(String pod) {
		return this.peers.owners.get(pod);
	}

	@Override
	public Reasons reasons(Connection connection) {
		int from = this.peers.classOf(connection.src());
		int to = this.peers.classOf(connection.dst());
		return new Reasons(reasons(Direction.EGRESS, from, to, to, connection.allowed()),
				reasons(Direction.INGRESS, to, from, to, connection.allowed()));
	}

	private Reasons.Side reasons(Direction direction, int subject, int peer, int destination,
			ConnectionSet allowed) {
		SubjectRules deciding = subjectRules(direction, subject);
		if (deciding == null) {
			return new Reasons.Side(false, List.of());
		}
		List<String> allowing = new ArrayList<>();
		for (int id : deciding.ruleIds()) {
			if (this.rules.peers(id, peer) == Tri.YES
					&& !this.rules.ports(id, destination).certain().intersect(allowed).isEmpty()) {
				allowing.add(this.rules.rule(id).id());
			}
		}
		return new Reasons.Side(deciding.isolated(), allowing);
	}

}
