package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every connection between the workloads of a cluster, and between them and the address ranges outside it, over
 * every port: what {@code netpol list} prints. Pairs are computed when asked for, in netpol-analyzer's order (by source,
 * then destination, as printed); a workload's traffic to itself and address-to-address pairs are left out, as are
 * pairs with nothing allowed and nothing uncertain.
 */
public final class ConnectionList {

	/** What computes the pairs: the evaluator's model, one equivalence class of workloads at a time. */
	public interface Evaluation {

		/** The connections from {@code src} to {@code dst}; both empty when nothing connects them. */
		Connection between(Peer src, Peer dst);

		/** The rules on each side that allow the connection. */
		Reasons reasons(Connection connection);

		/** The workload a pod ({@code namespace/name}) counts as, or {@code null} when the inputs hold no such pod. */
		Peer workloadOf(String pod);

		/** A chance to compute these sources' pairs at once (in parallel) before they are asked one by one. */
		default void prepare(List<Peer> sources) {
		}

	}

	private final List<Peer> workloads;

	private final List<Peer> sources;

	private final List<Peer> destinations;

	private final Evaluation evaluation;

	private final Predicate<Peer> focus;

	/**
	 * @param workloads the workloads, sorted as printed
	 * @param sources the workloads and the address ranges the ingress rules tell apart, sorted as printed
	 * @param destinations the workloads and the address ranges the egress rules tell apart, sorted as printed
	 * @param evaluation what computes each pair
	 */
	public ConnectionList(List<Peer> workloads, List<Peer> sources, List<Peer> destinations, Evaluation evaluation) {
		this(workloads, sources, destinations, evaluation, (peer) -> true);
	}

	private ConnectionList(List<Peer> workloads, List<Peer> sources, List<Peer> destinations, Evaluation evaluation,
			Predicate<Peer> focus) {
		this.workloads = List.copyOf(workloads);
		this.sources = List.copyOf(sources);
		this.destinations = List.copyOf(destinations);
		this.evaluation = evaluation;
		this.focus = focus;
	}

	/** The workloads of the inputs, sorted as printed; a Pod with a controller counts as that controller. */
	public List<Peer> workloads() {
		return this.workloads;
	}

	public List<Peer> sources() {
		return this.sources;
	}

	public List<Peer> destinations() {
		return this.destinations;
	}

	/**
	 * Only the pairs with at least one end that {@code focus} accepts, computed for those pairs only: for a what-if
	 * about one workload in a large cluster.
	 */
	public ConnectionList involving(Predicate<Peer> focus) {
		return new ConnectionList(this.workloads, this.sources, this.destinations, this.evaluation, focus);
	}

	/** The pairs with something allowed or uncertain, in order. */
	public void forEach(Consumer<Connection> action) {
		// Whole rows for the sources in focus; the others only towards the destinations in focus.
		this.evaluation.prepare(this.sources.stream().filter(this.focus).toList());
		for (Peer src : this.sources) {
			boolean srcInFocus = this.focus.test(src);
			for (Peer dst : this.destinations) {
				if (src.equals(dst) || (src.isExternal() && dst.isExternal())
						|| !(srcInFocus || this.focus.test(dst))) {
					continue;
				}
				Connection connection = this.evaluation.between(src, dst);
				if (!connection.allowed().isEmpty() || !connection.uncertain().isEmpty()) {
					action.accept(connection);
				}
			}
		}
	}

	/** Every pair with something allowed or uncertain, in order. */
	public List<Connection> connections() {
		List<Connection> connections = new ArrayList<>();
		forEach(connections::add);
		return connections;
	}

	/** The connections between two peers of this list, empty when nothing connects them. */
	public Connection between(Peer src, Peer dst) {
		return this.evaluation.between(src, dst);
	}

	public Reasons reasons(Connection connection) {
		return this.evaluation.reasons(connection);
	}

	/**
	 * The workload a pod counts as: its controller, or the pod itself. For a what-if about one pod's traffic:
	 * {@code list.involving(list.workloadOf("ns/pod")::equals)}.
	 * @param pod the pod as {@code namespace/name}
	 * @throws IllegalArgumentException when the inputs hold no such pod
	 */
	public Peer workloadOf(String pod) {
		Peer workload = this.evaluation.workloadOf(pod);
		if (workload == null) {
			throw new IllegalArgumentException("no pod '" + pod + "' in the inputs; write namespace/name");
		}
		return workload;
	}

}
