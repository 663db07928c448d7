package io.netpoldemo.netpol;

/**
 * A likely mistake in the inputs.
 *
 * @param code what kind of mistake
 * @param subject the policy ({@code namespace/name}, with the rule when one is to blame), the pod or the object
 * concerned
 * @param message what is wrong and what to do
 */
public record Lint(Code code, String subject, String message) {

	/** The mistakes the linter looks for. */
	public enum Code {

		/** An egress-isolated pod cannot reach the cluster DNS: every name-based call fails. */
		DNS_BLOCKED,

		/** A rule adds nothing: a {@code to: []} / {@code from: []} rule without ports already allows everything. */
		REDUNDANT_RULE,

		/** A policy port is a Service port but not a container port of the pods (policies see pod ports). */
		SERVICE_PORT,

		/** A policy whose podSelector matches no pod of the inputs. */
		SELECTS_NO_POD,

		/** A policy without {@code policyTypes}, left to defaulting. */
		MISSING_POLICY_TYPES,

		/** The same kind, namespace and name defined twice in the inputs: only the last definition counts. */
		DUPLICATE_OBJECT

	}

	@Override
	public String toString() {
		return this.code + " " + this.subject + ": " + this.message;
	}

}
