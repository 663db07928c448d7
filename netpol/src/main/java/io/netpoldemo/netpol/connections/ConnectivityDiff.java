package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a change of configuration changes: the connections it adds, removes or changes per pair of workloads (or of a
 * workload and an address range), with each side's connections and the rules responsible, and the workloads that
 * appear or disappear. Address ranges are compared on the ranges of both configurations and touching ranges with the
 * same change are merged, as netpol-analyzer's diff does.
 * <p>
 * For a what-if about some workloads only (for example the user service and its targets), diff lists narrowed with
 * {@link ConnectionList#involving}: only their pairs are computed.
 */
public final class ConnectivityDiff {

	/** The kinds of change, in the order netpol-analyzer prints them. */
	public enum Type {

		changed, added, removed

	}

	/**
	 * One changed pair.
	 *
	 * @param type changed, added or removed
	 * @param src the source
	 * @param dst the destination
	 * @param before the connections before ({@code No Connections} when added)
	 * @param after the connections after ({@code No Connections} when removed)
	 * @param workloadsInfo {@code workload ns/x[Deployment] added} when an end appears or disappears, else empty
	 * @param beforeReasons the rules allowing {@code before} ({@code null} when there was nothing)
	 * @param afterReasons the rules allowing {@code after} ({@code null} when nothing is left)
	 */
	public record Entry(Type type, Peer src, Peer dst, ConnectionSet before, ConnectionSet after, String workloadsInfo,
			Reasons beforeReasons, Reasons afterReasons) {
	}

	private final List<Entry> entries;

	private final List<Peer> addedWorkloads;

	private final List<Peer> removedWorkloads;

	private ConnectivityDiff(List<Entry> entries, List<Peer> addedWorkloads, List<Peer> removedWorkloads) {
		this.entries = List.copyOf(entries);
		this.addedWorkloads = List.copyOf(addedWorkloads);
		this.removedWorkloads = List.copyOf(removedWorkloads);
	}

	/** The entries: changed, then added, then removed, each sorted as netpol-analyzer sorts its lines. */
	public List<Entry> entries() {
		return this.entries;
	}

	public List<Peer> addedWorkloads() {
		return this.addedWorkloads;
	}

	public List<Peer> removedWorkloads() {
		return this.removedWorkloads;
	}

	/** Whether the change changes nothing: no connection and no workload. */
	public boolean isEmpty() {
		return this.entries.isEmpty() && this.addedWorkloads.isEmpty() && this.removedWorkloads.isEmpty();
	}

	public static ConnectivityDiff between(ConnectionList before, ConnectionList after) {
		Set<Peer> beforeWorkloads = new HashSet<>(before.workloads());
		Set<Peer> afterWorkloads = new HashSet<>(after.workloads());
		Map<List<Peer>, Connection> beforePairs = new LinkedHashMap<>();
		Map<List<Peer>, Connection> afterPairs = new LinkedHashMap<>();
		Map<List<Object>, List<Connection>> beforeAddresses = new HashMap<>();
		Map<List<Object>, List<Connection>> afterAddresses = new HashMap<>();
		split(before, beforePairs, beforeAddresses);
		split(after, afterPairs, afterAddresses);
		List<Entry> entries = new ArrayList<>();
		Set<List<Peer>> pairs = new java.util.LinkedHashSet<>(beforePairs.keySet());
		pairs.addAll(afterPairs.keySet());
		for (List<Peer> pair : pairs) {
			Connection was = beforePairs.get(pair);
			Connection is = afterPairs.get(pair);
			entry(pair.get(0), pair.get(1), allowed(was), allowed(is), (was != null) ? before.reasons(was) : null,
					(is != null) ? after.reasons(is) : null, beforeWorkloads, afterWorkloads, entries);
		}
		Set<List<Object>> sides = new HashSet<>(beforeAddresses.keySet());
		sides.addAll(afterAddresses.keySet());
		for (List<Object> side : sides) {
			addresses((Peer) side.get(0), (Boolean) side.get(1), before, after,
					beforeAddresses.getOrDefault(side, List.of()), afterAddresses.getOrDefault(side, List.of()),
					beforeWorkloads, afterWorkloads, entries);
		}
		entries.sort(Comparator.comparing(Entry::type).thenComparing(DiffFormat::line));
		List<Peer> added = after.workloads().stream().filter((peer) -> !beforeWorkloads.contains(peer)).toList();
		List<Peer> removed = before.workloads().stream().filter((peer) -> !afterWorkloads.contains(peer)).toList();
		return new ConnectivityDiff(entries, added, removed);
	}

	private static ConnectionSet allowed(Connection connection) {
		return (connection != null) ? connection.allowed() : ConnectionSet.NONE;
	}

	/** Workload pairs by pair; pairs with an address range by workload and direction (true: from the addresses). */
	private static void split(ConnectionList list, Map<List<Peer>, Connection> pairs,
			Map<List<Object>, List<Connection>> addresses) {
		list.forEach((connection) -> {
			if (connection.allowed().isEmpty()) {
				return;
			}
			if (connection.src().isExternal()) {
				addresses.computeIfAbsent(List.of(connection.dst(), true), (key) -> new ArrayList<>()).add(connection);
			}
			else if (connection.dst().isExternal()) {
				addresses.computeIfAbsent(List.of(connection.src(), false), (key) -> new ArrayList<>()).add(connection);
			}
			else {
				pairs.put(List.of(connection.src(), connection.dst()), connection);
			}
		});
	}

	/**
	 * The changes between one workload and the addresses outside: both configurations' ranges cut into common pieces,
	 * each compared, touching pieces with the same change merged back.
	 */
	private static void addresses(Peer workload, boolean fromAddresses, ConnectionList before, ConnectionList after,
			List<Connection> was, List<Connection> is, Set<Peer> beforeWorkloads, Set<Peer> afterWorkloads,
			List<Entry> entries) {
		List<Peer> beforeRanges = fromAddresses ? external(before.sources()) : external(before.destinations());
		List<Peer> afterRanges = fromAddresses ? external(after.sources()) : external(after.destinations());
		List<Intervals> pieces = new ArrayList<>();
		for (Peer one : beforeRanges) {
			for (Peer other : afterRanges) {
				Intervals common = one.addresses().intersect(other.addresses());
				if (!common.isEmpty()) {
					pieces.add(common);
				}
			}
		}
		pieces.sort(Comparator.comparingLong(Intervals::first));
		Intervals merged = Intervals.EMPTY;
		Connection mergedWas = null;
		Connection mergedIs = null;
		for (Intervals piece : pieces) {
			Connection pieceWas = covering(was, piece);
			Connection pieceIs = covering(is, piece);
			if (!merged.isEmpty() && Objects.equals(allowed(pieceWas), allowed(mergedWas))
					&& Objects.equals(allowed(pieceIs), allowed(mergedIs))) {
				merged = merged.union(piece);
				continue;
			}
			addressEntry(workload, fromAddresses, merged, mergedWas, mergedIs, before, after, beforeWorkloads,
					afterWorkloads, entries);
			merged = piece;
			mergedWas = pieceWas;
			mergedIs = pieceIs;
		}
		addressEntry(workload, fromAddresses, merged, mergedWas, mergedIs, before, after, beforeWorkloads,
				afterWorkloads, entries);
	}

	private static void addressEntry(Peer workload, boolean fromAddresses, Intervals addresses, Connection was,
			Connection is, ConnectionList before, ConnectionList after, Set<Peer> beforeWorkloads,
			Set<Peer> afterWorkloads, List<Entry> entries) {
		if (addresses.isEmpty()) {
			return;
		}
		Peer range = Peer.external(addresses);
		entry(fromAddresses ? range : workload, fromAddresses ? workload : range, allowed(was), allowed(is),
				(was != null) ? before.reasons(was) : null, (is != null) ? after.reasons(is) : null, beforeWorkloads,
				afterWorkloads, entries);
	}

	private static List<Peer> external(List<Peer> peers) {
		return peers.stream().filter(Peer::isExternal).toList();
	}

	private static Connection covering(List<Connection> connections, Intervals piece) {
		for (Connection connection : connections) {
			Peer range = connection.src().isExternal() ? connection.src() : connection.dst();
			if (!range.addresses().intersect(piece).isEmpty()) {
				return connection;
			}
		}
		return null;
	}

	private static void entry(Peer src, Peer dst, ConnectionSet was, ConnectionSet is, Reasons beforeReasons,
			Reasons afterReasons, Set<Peer> beforeWorkloads, Set<Peer> afterWorkloads, List<Entry> entries) {
		if (was.equals(is)) {
			return;
		}
		Type type = was.isEmpty() ? Type.added : is.isEmpty() ? Type.removed : Type.changed;
		Set<Peer> other = (type == Type.added) ? beforeWorkloads : afterWorkloads;
		List<String> appeared = new ArrayList<>();
		if (type != Type.changed) {
			for (Peer peer : List.of(src, dst)) {
				if (!peer.isExternal() && !other.contains(peer)) {
					appeared.add(peer.toString());
				}
			}
		}
		String info = appeared.isEmpty() ? "" : "workload " + String.join(" and ", appeared) + " " + type;
		entries.add(new Entry(type, src, dst, was, is, info, beforeReasons, afterReasons));
	}

}
