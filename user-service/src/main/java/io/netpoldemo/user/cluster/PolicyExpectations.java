package io.netpoldemo.user.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.Pod;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.netpol.CallDiff;
import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.LabelSelectors;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Expected;
import io.netpoldemo.user.expectation.Preview;

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

	private static final String UNIDENTIFIED = "POD_NAME and POD_NAMESPACE are not set (Downward API): this pod is unknown";

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
		if (!identified()) {
			return Expectation.unknown(UNIDENTIFIED);
		}
		// The snapshot first: a state read from files loads them here, and the pod is looked for among them.
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
		// Asked of the evaluator's own index: the pod as the objects it judges by hold it, without a scan of them all.
		if (!snapshot.evaluator().hasPod(this.identity.namespace() + "/" + this.identity.podName())) {
			String missing = notFound();
			this.problems.report(STATE, missing);
			return Expectation.unknown(missing);
		}
		this.problems.report(STATE, (interrupted != null) ? "as last seen: " + interrupted : null);
		Judged judged = judge(snapshot.evaluator(), call, interrupted);
		this.problems.report("calls to " + call.text(), judged.problem());
		return judged.expectation();
	}

	/**
	 * Evaluates each call with the policies of the body as well, against the very objects the expectations are built
	 * from: one evaluator path for today and for the change.
	 */
	@Override
	public Preview preview(List<CallTarget> calls, String yaml, boolean replace) {
		if (!identified()) {
			throw Preview.Refused.noPolicyInformation(UNIDENTIFIED);
		}
		PolicyState.Snapshot snapshot = this.state.evaluator();
		if (snapshot.evaluator() == null) {
			throw Preview.Refused.noPolicyInformation(snapshot.unavailable());
		}
		if (ownPod() == null) {
			throw Preview.Refused.noPolicyInformation(notFound());
		}
		PolicyChange change = PolicyChange.parse(yaml, this.identity.namespace());
		PolicyEvaluator changed;
		try {
			changed = new PolicyEvaluator(
					snapshot.cluster().withPolicies(change.applyTo(snapshot.cluster().policies(), replace)));
		}
		catch (RuntimeException ex) {
			// A policy the loader let through but the evaluator cannot read is the body's fault.
			throw Preview.Refused.badInput("the evaluator cannot read these policies: "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		String interrupted = this.state.interrupted();
		String self = this.identity.namespace() + "/" + this.identity.podName();
		// The evaluator's own diff of the calls, today against the change: netpol diff --from --to, over these targets.
		Map<String, CallTarget> named = new LinkedHashMap<>();
		for (int i = 0; i < calls.size(); i++) {
			named.put(String.valueOf(i), calls.get(i));
		}
		CallDiff diff = CallDiff.of(snapshot.evaluator(), changed, self, named, Protocol.TCP);
		List<Preview.Comparison> comparisons = diff.entries().stream().map((entry) -> {
			String unreadable = unreadableNamespace(snapshot.evaluator(), self, entry.call());
			return (unreadable != null)
					? new Preview.Comparison(Expectation.unknown(unreadable), Expectation.unknown(unreadable))
					: new Preview.Comparison(expectation(entry.before(), interrupted),
							expectation(entry.after(), interrupted));
		}).toList();
		return new Preview(replace ? "replace" : "add", change.names(), change.warnings(), comparisons);
	}

	private boolean identified() {
		return this.identity.podName() != null && this.identity.namespace() != null;
	}

	private String notFound() {
		return "pod " + this.identity.namespace() + "/" + this.identity.podName() + " is not (yet) in "
				+ this.state.origin();
	}

	/** One evaluator's expectation for a call, and the problem to log when it cannot say ({@code null} if none). */
	private Judged judge(PolicyEvaluator evaluator, CallTarget call, String interrupted) {
		String self = this.identity.namespace() + "/" + this.identity.podName();
		try {
			String unreadable = unreadableNamespace(evaluator, self, call);
			if (unreadable != null) {
				return new Judged(Expectation.unknown(unreadable), unreadable);
			}
			// Every target kind goes over TCP: HTTP(S) and the TCP checks alike; the DNS step is UDP in the evaluator.
			return new Judged(expectation(evaluator.call(self, call, Protocol.TCP), interrupted), null);
		}
		catch (IllegalArgumentException ex) {
			String failure = "cannot evaluate " + call.text() + ": " + ex.getMessage();
			return new Judged(Expectation.unknown(failure), failure);
		}
	}

	/**
	 * With reads limited to this pod's namespace, a call that ends in another namespace is decided by objects this
	 * service may not see: say so rather than judge it by an empty namespace.
	 */
	private String unreadableNamespace(PolicyEvaluator evaluator, String self, CallTarget call) {
		String only = this.state.onlyNamespace();
		if (only == null) {
			return null;
		}
		return evaluator.namespaceOf(self, call)
			.filter((namespace) -> !namespace.equals(only))
			.map((namespace) -> "no permission to read pods of " + namespace + " (checks.expectations.scope=namespace:"
					+ " the service account reads " + only + " only)")
			.orElse(null);
	}

	private record Judged(Expectation expectation, String problem) {
	}

	/** The evaluator's answer as an expectation, marked when the objects it judged are as last seen. */
	private static Expectation expectation(Evaluation evaluation, String interrupted) {
		String reason = (interrupted != null)
				? evaluation.reason() + " [as last seen: " + interrupted + "]" : evaluation.reason();
		return new Expectation(expected(evaluation), reason);
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
		if (!identified()) {
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
