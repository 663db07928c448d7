package io.netpoldemo.user.expectation;

/**
 * What the policies say about one target, and why.
 *
 * @param expected the verdict
 * @param policy the short reason: the allowing rule, the isolating policy, or why nothing is known
 */
public record Expectation(Expected expected, String policy) {

	/**
	 * An unknown expectation.
	 * @param reason why nothing is known
	 * @return the expectation
	 */
	public static Expectation unknown(String reason) {
		return new Expectation(Expected.UNKNOWN, reason);
	}

}
