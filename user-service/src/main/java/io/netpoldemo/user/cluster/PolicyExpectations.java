package io.netpoldemo.user.cluster;

import java.util.List;
import java.util.Optional;

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
import io.netpoldemo.user.expectation.Preview;

/**
 * What the NetworkPolicies in force say about each target of this pod, from the cluster's objects as a
 * {@link PolicyState} knows them (watched in the cluster, read from manifests in the lab): the netpol evaluator's
 * call-level verdict (name resolution through the cluster DNS first, then the connection to the Service's pods on
 * the target port) and its one-line reason.
 */
class PolicyExpectations implements ExpectationSource, AutoCloseable {

	private static final String UNIDENTIFIED = "POD_NAME and POD_NAMESPACE are not set (Downward API): this pod is unknown";

	private final PolicyState state;

	private final PodIdentity identity;

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
			return Expectation.unknown(snapshot.unavailable());
		}
		if (ownPod() == null) {
			return Expectation.unknown(notFound());
		}
		return expect(snapshot.evaluator(), call, this.state.interrupted());
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
		try {
			PolicyEvaluator changed = new PolicyEvaluator(
					snapshot.cluster().withPolicies(change.applyTo(snapshot.cluster().policies(), replace)));
			String interrupted = this.state.interrupted();
			List<Preview.Comparison> comparisons = calls.stream()
				.map((call) -> new Preview.Comparison(expect(snapshot.evaluator(), call, interrupted),
						expect(changed, call, interrupted)))
				.toList();
			return new Preview(replace ? "replace" : "add", change.names(), change.warnings(), comparisons);
		}
		catch (RuntimeException ex) {
			// A policy the loader let through but the evaluator cannot read (a null rule, say) is the body's fault.
			throw Preview.Refused.badInput("the evaluator cannot read these policies (" + ex + ")");
		}
	}

	private boolean identified() {
		return this.identity.podName() != null && this.identity.namespace() != null;
	}

	private String notFound() {
		return "pod " + this.identity.namespace() + "/" + this.identity.podName() + " is not (yet) in "
				+ this.state.origin();
	}

	private Expectation expect(PolicyEvaluator evaluator, CallTarget call, String interrupted) {
		String self = this.identity.namespace() + "/" + this.identity.podName();
		try {
			// Every target kind goes over TCP: HTTP(S) and the TCP checks alike; the DNS step is UDP in the evaluator.
			Evaluation evaluation = evaluator.call(self, call, Protocol.TCP);
			String reason = (interrupted != null)
					? evaluation.reason() + " [as last seen: " + interrupted + "]" : evaluation.reason();
			return new Expectation(expected(evaluation), reason);
		}
		catch (IllegalArgumentException ex) {
			return Expectation.unknown("cannot evaluate " + call.text() + ": " + ex.getMessage());
		}
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

	private static Expected expected(Evaluation evaluation) {
		return switch (evaluation.verdict()) {
			case ALLOWED -> Expected.ALLOWED;
			case DENIED -> Expected.DENIED;
			case UNKNOWN -> Expected.UNKNOWN;
		};
	}

}
