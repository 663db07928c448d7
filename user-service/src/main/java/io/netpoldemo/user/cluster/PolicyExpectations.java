package io.netpoldemo.user.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.Pod;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.LabelSelectors;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Expected;

/**
 * What the NetworkPolicies in force say about each target of this pod, from the cluster's objects as a
 * {@link PolicyState} knows them (watched in the cluster, read from manifests in the lab): the netpol evaluator's
 * call-level verdict (name resolution through the cluster DNS first, then the connection to the Service's pods on
 * the target port) and its one-line reason.
 * <p>
 * Never stale silently: when the objects cannot be read or evaluated the expectation is {@code UNKNOWN} with the
 * reason, or the last verdict with {@code [as last seen: ...]}; the log says why once per change ({@link ProblemLog}).
 */
class PolicyExpectations implements ExpectationSource, AutoCloseable {

	private static final String STATE = "every target";

	private final PolicyState state;

	private final PodIdentity identity;

	private final ProblemLog problems = new ProblemLog();

	private final AtomicReference<Answered> answered = new AtomicReference<>();

	PolicyExpectations(PolicyState state, PodIdentity identity) {
		this.state = state;
		this.identity = identity;
	}

	@Override
	public Expectation expect(CallTarget call) {
		if (this.identity.podName() == null || this.identity.namespace() == null) {
			return Expectation.unknown("POD_NAME and POD_NAMESPACE are not set (Downward API): this pod is unknown");
		}
		PolicyState.Snapshot snapshot = this.state.evaluator();
		if (snapshot.evaluator() == null) {
			this.problems.report(STATE, snapshot.unavailable());
			return Expectation.unknown(snapshot.unavailable());
		}
		String interrupted = this.state.interrupted();
		Answered answered = this.answered.get();
		if (answered == null || answered.evaluator() != snapshot.evaluator()
				|| !Objects.equals(answered.interrupted(), interrupted)) {
			answered = new Answered(snapshot.evaluator(), interrupted, new ConcurrentHashMap<>());
			this.answered.set(answered);
		}
		// Same objects, same answer: a round asks about every target every few seconds, and over 20,000 pods an
		// evaluation is worth doing once per change, not once per round.
		return answered.expectations().computeIfAbsent(call, (key) -> evaluate(snapshot, interrupted, key));
	}

	private Expectation evaluate(PolicyState.Snapshot snapshot, String interrupted, CallTarget call) {
		String self = this.identity.namespace() + "/" + this.identity.podName();
		if (ownPod() == null) {
			String missing = "pod " + self + " is not (yet) in " + this.state.origin();
			this.problems.report(STATE, missing);
			return Expectation.unknown(missing);
		}
		this.problems.report(STATE, (interrupted != null) ? "as last seen: " + interrupted : null);
		String subject = "calls to " + call.text();
		try {
			String unreadable = unreadableNamespace(snapshot, self, call);
			if (unreadable != null) {
				this.problems.report(subject, unreadable);
				return Expectation.unknown(unreadable);
			}
			// Every target kind goes over TCP: HTTP(S) and the TCP checks alike; the DNS step is UDP in the evaluator.
			Evaluation evaluation = snapshot.evaluator().call(self, call, Protocol.TCP);
			this.problems.report(subject, null);
			String reason = (interrupted != null)
					? evaluation.reason() + " [as last seen: " + interrupted + "]" : evaluation.reason();
			return new Expectation(expected(evaluation), reason);
		}
		catch (IllegalArgumentException ex) {
			String failure = "cannot evaluate " + call.text() + ": " + ex.getMessage();
			this.problems.report(subject, failure);
			return Expectation.unknown(failure);
		}
	}

	/**
	 * With reads limited to this pod's namespace, a call that ends in another namespace is decided by objects this
	 * service may not see: say so rather than judge it by an empty namespace.
	 */
	private String unreadableNamespace(PolicyState.Snapshot snapshot, String self, CallTarget call) {
		String only = this.state.onlyNamespace();
		if (only == null) {
			return null;
		}
		return snapshot.evaluator()
			.namespaceOf(self, call)
			.filter((namespace) -> !namespace.equals(only))
			.map((namespace) -> "no permission to read pods of " + namespace + " (checks.expectations.scope=namespace:"
					+ " the service account reads " + only + " only)")
			.orElse(null);
	}

	@Override
	public void roundStarting() {
		this.state.refresh();
	}

	@Override
	public Optional<List<String>> selectingPolicies() {
		Pod pod = ownPod();
		if (pod == null || this.state.evaluator().evaluator() == null) {
			return Optional.empty();
		}
		return Optional.of(this.state.policies()
			.stream()
			.filter((policy) -> policy.getMetadata().getNamespace().equals(this.identity.namespace()))
			.filter((policy) -> LabelSelectors.matches(policy.getSpec().getPodSelector(), pod.getMetadata().getLabels()))
			.map((policy) -> policy.getMetadata().getName())
			.sorted()
			.toList());
	}

	PolicyState state() {
		return this.state;
	}

	@Override
	public void close() {
		this.state.close();
	}

	private Pod ownPod() {
		if (this.identity.podName() == null || this.identity.namespace() == null) {
			return null;
		}
		return this.state.pods()
			.stream()
			.filter((pod) -> this.identity.namespace().equals(pod.getMetadata().getNamespace())
					&& this.identity.podName().equals(pod.getMetadata().getName()))
			.findFirst()
			.orElse(null);
	}

	/** The expectations given for one evaluator (one state of the objects) and one staleness. */
	private record Answered(PolicyEvaluator evaluator, String interrupted, Map<CallTarget, Expectation> expectations) {
	}

	private static Expected expected(Evaluation evaluation) {
		return switch (evaluation.verdict()) {
			case ALLOWED -> Expected.ALLOWED;
			case DENIED -> Expected.DENIED;
			case UNKNOWN -> Expected.UNKNOWN;
		};
	}

}
