package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.netpoldemo.netpol.connections.ConnectionList;

/**
 * What the NetworkPolicies of a {@link Cluster} say about a connection, and why: pod to pod
 * ({@link #evaluate(String, String, int, Protocol)}) or a call as an application makes it
 * ({@link #call(String, String, Protocol)}: name resolution through the cluster DNS first, then the connection to the
 * Service's pods on the target port, or to the address outside the cluster).
 * <p>
 * A connection needs the source's egress and the destination's ingress to allow it; a direction is open unless a
 * policy in the pod's own namespace selects the pod with that policy type; the allowed traffic is then the union of
 * the rules of every selecting policy
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 * <p>
 * An evaluator works on the snapshot it was built from and is safe to share between threads; build a new one when the
 * cluster changes.
 */
public final class PolicyEvaluator {

	private final ClusterIndex index;

	private final ConnectionCheck connections;

	private final CallEvaluator calls;

	public PolicyEvaluator(Cluster cluster) {
		this(new ClusterIndex(cluster), null);
	}

	/**
	 * The evaluator of a cluster that shares most of its objects with the one {@code previous} was built from, as a
	 * watch's caches do from one change to the next: what was derived from each unchanged pod object is reused, so a
	 * change costs about its own size rather than the cluster's. The answers are exactly those of
	 * {@link #PolicyEvaluator(Cluster)}.
	 * @param cluster the cluster now
	 * @param previous the evaluator of an earlier state, or {@code null}
	 */
	public PolicyEvaluator(Cluster cluster, PolicyEvaluator previous) {
		this(new ClusterIndex(cluster, (previous != null) ? previous.index : null),
				(previous != null) ? previous.connections : null);
	}

	private PolicyEvaluator(ClusterIndex index, ConnectionCheck previous) {
		this.index = index;
		this.connections = new ConnectionCheck(this.index, previous);
		this.calls = new CallEvaluator(this.index, this.connections);
	}

	/** Every pod of the inputs as {@code namespace/name}, in input order. */
	public List<String> pods() {
		List<String> ids = new ArrayList<>();
		this.index.pods().forEach((pod) -> ids.add(pod.id()));
		return ids;
	}

	/** Whether the inputs hold the pod {@code namespace/name}. */
	public boolean hasPod(String id) {
		return this.index.pod(id) != null;
	}

	/** Whether the inputs hold no cluster DNS pod, so the standard kube-dns one is assumed. */
	public boolean dnsAssumed() {
		return this.index.dnsAssumed();
	}

	/**
	 * Pod-to-pod traffic on the destination pod's port, with its explanation.
	 * @param from the source pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param to the destination pod, in the same forms
	 * @throws IllegalArgumentException when a pod is not in the inputs
	 */
	public Evaluation evaluate(String from, String to, int port, Protocol protocol) {
		return this.connections.between(this.index.resolve(from), this.index.resolve(to), port, protocol);
	}

	/**
	 * The verdict of {@link #evaluate(String, String, int, Protocol)} alone, without building the explanation: what a
	 * matrix of many pairs needs.
	 */
	public Verdict verdict(String from, String to, int port, Protocol protocol) {
		return this.connections.verdict(this.index.resolve(from), this.index.resolve(to), port, protocol);
	}

	/** The number of a pod's named container port with that protocol, or -1 when it has none. */
	public int containerPort(String pod, String name, Protocol protocol) {
		return this.index.resolve(pod).namedPort(name, protocol);
	}

	/** {@link #call(String, String, Protocol)} over TCP. */
	public Evaluation call(String from, String target) {
		return call(from, target, Protocol.TCP);
	}

	/**
	 * A call from a pod as an application makes it.
	 * @param from the calling pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param target a URL, {@code host:port} or {@code host}: a Service name in any of its DNS forms
	 * ({@code svc}, {@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}), a pod as
	 * {@code namespace/name}, an IP address or an external name
	 * @param protocol the transport protocol of the call
	 * @throws IllegalArgumentException when the source pod is not in the inputs or the target cannot be parsed
	 */
	public Evaluation call(String from, String target, Protocol protocol) {
		return call(from, CallTarget.parse(target), protocol);
	}

	/**
	 * A call from a pod to a target the caller has already parsed (see {@link CallTarget#of(String, int, String)}).
	 * @param from the calling pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param target the call's host and port
	 * @param protocol the transport protocol of the call
	 * @throws IllegalArgumentException when the source pod is not in the inputs
	 */
	public Evaluation call(String from, CallTarget target, Protocol protocol) {
		return this.calls.call(this.index.resolve(from), target, protocol);
	}

	/**
	 * Every connection between the workloads of the inputs, and between them and the address ranges outside the
	 * cluster, over the whole port space of TCP, UDP and SCTP: what {@code netpol list} prints.
	 */
	public ConnectionList connections() {
		return new WorkloadConnections(this.index, this.connections).list();
	}

	/**
	 * The namespace whose pods, Services and policies decide where a call of {@link #call(String, String, Protocol)}
	 * ends (name resolution aside, which is kube-system's): a caller that knows only some namespaces tells from it
	 * whether it can answer.
	 * @return the namespace, or empty for an address or name outside the cluster
	 * @throws IllegalArgumentException when the source pod is not in the inputs or the target cannot be parsed
	 */
	public Optional<String> namespaceOf(String from, String target) {
		return namespaceOf(from, CallTarget.parse(target));
	}

	/** {@link #namespaceOf(String, String)} for a target the caller has already parsed. */
	public Optional<String> namespaceOf(String from, CallTarget target) {
		return Optional.ofNullable(this.calls.namespaceOf(this.index.resolve(from), target));
	}

	/** Whether a pod can resolve names: the step every call by name starts with. */
	Evaluation dns(String from) {
		return this.calls.dns(this.index.resolve(from), "a name");
	}

	/**
	 * Whether a policy isolates the pod for that direction.
	 * @param pod {@code namespace/name}
	 */
	public boolean isolated(String pod, Direction direction) {
		return this.connections.isolated(this.index.resolve(pod), direction);
	}

	/**
	 * The rules that allow a pod's traffic in a direction: every rule of that direction of the policies that isolate
	 * it, in input order. A connection passes that side when any of them allows it; empty where the pod is not
	 * isolated (everything passes) or where its policies have no rule (nothing does): {@link #isolated} tells which.
	 * @param pod {@code namespace/name}
	 */
	public List<AllowingRule> allowingRules(String pod, Direction direction) {
		return this.connections.rules(this.index.resolve(pod), direction);
	}

	ClusterIndex index() {
		return this.index;
	}

}
