package io.netpoldemo.user.expectation;

import java.util.List;
import java.util.Optional;

import io.netpoldemo.netpol.CallTarget;

/**
 * Says what the NetworkPolicies in force expect for a target. Called once per target and round, so an
 * implementation that reads the Kubernetes API must answer from a watch or a short cache.
 * <p>
 * It is asked about the call as the netpol evaluator models it (host and port), which a target derives from the
 * same parse of its URL that the prober calls: the check depends on the expectation, never the reverse.
 */
public interface ExpectationSource {

	/**
	 * The expectation for a call from this pod to a target.
	 * @param call the target's host and port, with its URL as written
	 * @return the expectation, never {@code null}
	 */
	Expectation expect(CallTarget call);

	/**
	 * Called once as a round of checks starts, before any of its probes: a source that reads files looks for a change
	 * here, so a round started after a policy switch is judged by the new policies.
	 */
	default void roundStarting() {
	}

	/**
	 * The names of the policies that select this pod, when known.
	 * @return the policy names (an empty list: no policy selects the pod, so it is not isolated), or empty when the
	 * policies are not known
	 */
	default Optional<List<String>> selectingPolicies() {
		return Optional.empty();
	}

}
