package io.netpoldemo.user.cluster;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.PolicyEvaluator;

/**
 * The objects the NetworkPolicy verdicts depend on, wherever they come from: watched through the Kubernetes API
 * ({@link ClusterState}) or read from manifest files ({@link ManifestState}). Answers from memory: a check never waits
 * for the API or a parser.
 */
interface PolicyState extends AutoCloseable {

	/**
	 * The evaluator over the objects as known now.
	 * @return the evaluator, or why there is none
	 */
	Snapshot evaluator();

	/**
	 * Why the objects are the last ones seen rather than the current ones (a watch is interrupted, a file no longer
	 * loads).
	 * @return what is stale, or {@code null} when the objects are current
	 */
	String interrupted();

	/**
	 * The pods, for finding this pod and the policies that select it.
	 * @return the pods
	 */
	List<Pod> pods();

	/**
	 * The NetworkPolicies.
	 * @return the policies
	 */
	List<NetworkPolicy> policies();

	/**
	 * The one namespace whose objects are known, when the state is limited to it (least-privilege RBAC).
	 * @return the namespace, or {@code null} when every namespace is known
	 */
	default String onlyNamespace() {
		return null;
	}

	/**
	 * Looks for a change now rather than when next due; a watched state is always current and does nothing.
	 */
	default void refresh() {
	}

	/**
	 * Where the objects come from, for messages.
	 * @return e.g. {@code the Kubernetes API's pod list}
	 */
	String origin();

	@Override
	default void close() {
	}

	/**
	 * An evaluator and the objects it was built from, or the reason there is none.
	 *
	 * @param evaluator the evaluator, {@code null} when unavailable
	 * @param cluster the objects the evaluator reads, {@code null} when unavailable
	 * @param unavailable why there is no evaluator, {@code null} when there is one
	 */
	record Snapshot(PolicyEvaluator evaluator, Cluster cluster, String unavailable) {

		static Snapshot unavailable(String reason) {
			return new Snapshot(null, null, reason);
		}

	}

}
