package io.netpoldemo.user.expectation;

import java.util.List;

/**
 * What a set of NetworkPolicies would change for a list of calls, before anything is applied: for each call the
 * expectation today and with the change, as the netpol evaluator gives both.
 *
 * @param mode {@code add} (the documents join the policies in force, replacing those of the same namespace and name,
 * as {@code kubectl apply} would) or {@code replace} (they stand in for every policy of the namespaces they name)
 * @param policies the policies of the body, as {@code namespace/name}
 * @param warnings what in the body was ignored, and why
 * @param comparisons one per call, in the order asked
 */
public record Preview(String mode, List<String> policies, List<String> warnings, List<Comparison> comparisons) {

	/**
	 * One call, today and with the change.
	 *
	 * @param today the expectation with the policies in force
	 * @param withChange the expectation with the policies of the body
	 */
	public record Comparison(Expectation today, Expectation withChange) {

		/**
		 * Whether the verdict differs.
		 * @return {@code true} when the change turns ALLOWED into DENIED or back (or makes it known or unknown)
		 */
		public boolean changes() {
			return this.today.expected() != this.withChange.expected();
		}

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
