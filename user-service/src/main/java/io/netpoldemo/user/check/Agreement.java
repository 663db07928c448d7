package io.netpoldemo.user.check;

import io.netpoldemo.user.expectation.Expected;

/**
 * Whether what a check observed agrees with what the policies say.
 */
public enum Agreement {

	/** The observation is what the policies predict. */
	MATCH,

	/** The observation contradicts the policies. */
	MISMATCH,

	/** Nothing to compare with. */
	UNKNOWN;

	/**
	 * Compares an expectation with an observed outcome. Getting through means the packets reached the host, so
	 * {@code REFUSED} and {@code TLS_ERROR} agree with an allowing policy; a denying policy shows as dropped packets
	 * ({@code TIMEOUT}) or, when it also blocks DNS egress, as {@code DNS_FAILURE}.
	 * @param expected what the policies say
	 * @param outcome what was observed
	 * @return the agreement
	 */
	public static Agreement of(Expected expected, Outcome outcome) {
		return switch (expected) {
			case UNKNOWN -> UNKNOWN;
			case ALLOWED -> outcome.gotThrough() ? MATCH : MISMATCH;
			case DENIED -> (outcome == Outcome.TIMEOUT || outcome == Outcome.DNS_FAILURE) ? MATCH : MISMATCH;
		};
	}

	/**
	 * Whether an observation is the mark of a network plugin that ignores NetworkPolicy: the policies deny the
	 * traffic, yet it reached the destination host.
	 * @param expected what the policies say
	 * @param outcome what was observed
	 * @return {@code true} when denied traffic got through
	 */
	public static boolean notEnforced(Expected expected, Outcome outcome) {
		return expected == Expected.DENIED && outcome.gotThrough();
	}

}
