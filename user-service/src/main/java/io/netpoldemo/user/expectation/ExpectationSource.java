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

	/** Why a source without policies cannot preview a change. */
	String NO_POLICY_INFORMATION = "no policy information to change: the service does not run in Kubernetes and "
			+ "checks.expectations.manifests names no manifests (the lab sets it)";

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

	/**
	 * What the given NetworkPolicy documents would change for these calls, without applying anything.
	 * @param calls the targets' calls
	 * @param yaml one or more YAML documents; those without a namespace belong to the user pod's namespace
	 * @param replace {@code true}: the documents stand in for every policy of the namespaces they name; {@code false}:
	 * they are added, replacing policies of the same namespace and name
	 * @return the preview
	 * @throws Preview.Refused when the body is not valid or there is no policy information
	 */
	default Preview preview(List<CallTarget> calls, String yaml, boolean replace) {
		throw Preview.Refused.noPolicyInformation(NO_POLICY_INFORMATION);
	}

}
