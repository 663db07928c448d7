package io.netpoldemo.user.check;

import java.util.List;


/**
 * What one round says as a whole, which is what a pipeline decides on: how many results agree with the policies,
 * which ones do not and why, and whether the disagreements look like a network plugin that ignores NetworkPolicy.
 *
 * @param checks how many results the round has
 * @param match how many agree with the policies
 * @param mismatch how many contradict them
 * @param unknown how many have nothing to compare with
 * @param mismatches one line per contradicting result: the target, what was expected and observed, and why
 * @param notEnforced the targets the policies deny that were reached all the same
 * @param warning what {@code notEnforced} suggests, or {@code null} when it is empty
 */
public record Summary(int checks, int match, int mismatch, int unknown, List<String> mismatches,
		List<String> notEnforced, String warning) {

	static final String NOT_ENFORCING = "The network plugin does not seem to enforce NetworkPolicy: the policies deny ";

	/**
	 * Sums up the results of one round.
	 * @param results the results
	 * @return the summary
	 */
	public static Summary of(List<CheckResult> results) {
		int match = 0;
		int mismatch = 0;
		int unknown = 0;
		for (CheckResult result : results) {
			switch (result.agreement()) {
				case MATCH -> match++;
				case MISMATCH -> mismatch++;
				case UNKNOWN -> unknown++;
			}
		}
		List<String> mismatches = results.stream()
			.filter((result) -> result.agreement() == Agreement.MISMATCH)
			.map(Summary::mismatch)
			.toList();
		List<String> notEnforced = results.stream()
			.filter((result) -> Agreement.notEnforced(result.expected(), result.outcome()))
			.map(CheckResult::target)
			.toList();
		String warning = notEnforced.isEmpty() ? null
				: NOT_ENFORCING + String.join(", ", notEnforced) + ", yet " + ((notEnforced.size() == 1) ? "it was" : "they were")
						+ " reached. Use a plugin that enforces NetworkPolicy (kindnet from kind v0.24, Calico, Cilium).";
		return new Summary(results.size(), match, mismatch, unknown, mismatches, notEnforced, warning);
	}

	private static String mismatch(CheckResult result) {
		String line = result.target() + ": expected " + result.expected() + ", observed " + result.outcome();
		if (result.detail() != null && !result.detail().isBlank()) {
			line += " (" + result.detail() + ")";
		}
		return (result.policy() != null) ? line + "; policy: " + result.policy() : line;
	}

	/**
	 * The one line a terminal and a pipeline read: the counts and the round.
	 * @param round the round's number
	 * @return e.g. {@code Summary: 6 checks, 5 MATCH, 1 MISMATCH, 0 UNKNOWN (round 12)}
	 */
	public String line(long round) {
		return "Summary: " + this.checks + " checks, " + this.match + " MATCH, " + this.mismatch + " MISMATCH, "
				+ this.unknown + " UNKNOWN (round " + round + ")";
	}

}
