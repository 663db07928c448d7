package io.netpoldemo.user.expectation;

import java.util.List;

/**
 * What a set of NetworkPolicies would change for the user pod's targets, before anything is applied: for each target
 * the expectation today and with the change, as the netpol evaluator gives both.
 *
 * @param mode {@code add} (the documents join the policies in force, replacing those of the same namespace and name,
 * as {@code kubectl apply} would) or {@code replace} (they stand in for every policy of the namespaces they name)
 * @param policies the policies of the body, as {@code namespace/name}
 * @param warnings what in the body was ignored, and why
 * @param changed the names of the targets whose expectation changes
 * @param targets one entry per target, in the order of the checks
 */
public record Preview(String mode, List<String> policies, List<String> warnings, List<String> changed,
		List<TargetPreview> targets) {

	/**
	 * One target, today and with the change.
	 *
	 * @param target the target name
	 * @param group its group
	 * @param url what is called
	 * @param today the expectation with the policies in force
	 * @param withChange the expectation with the policies of the body
	 * @param changes whether the verdict differs
	 */
	public record TargetPreview(String target, String group, String url, Expectation today, Expectation withChange,
			boolean changes) {
	}

	/** Why a preview cannot be given: the body is wrong, or there is no policy information to change. */
	public static final class Refused extends RuntimeException {

		private final boolean badInput;

		private Refused(String message, boolean badInput) {
			super(message);
			this.badInput = badInput;
		}

		/**
		 * The body cannot be read as NetworkPolicies.
		 * @param message what is wrong, in the evaluator's words where it found it
		 * @return the exception
		 */
		public static Refused badInput(String message) {
			return new Refused(message, true);
		}

		/**
		 * Nothing is known about the policies in force, so there is nothing to compare with.
		 * @param message why
		 * @return the exception
		 */
		public static Refused noPolicyInformation(String message) {
			return new Refused(message, false);
		}

		/**
		 * Whether the request was at fault (400) rather than the missing policy information (409).
		 * @return {@code true} for bad input
		 */
		public boolean badInput() {
			return this.badInput;
		}

	}

}
