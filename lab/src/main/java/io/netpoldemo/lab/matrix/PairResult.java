package io.netpoldemo.lab.matrix;

/**
 * One ordered pair of a matrix.
 *
 * @param from the source pod, {@code namespace/name}
 * @param to the destination pod
 * @param expected what the evaluator says, {@code null} when the destination does not serve the port
 * @param observed whether the probe connected and got the server's answer
 * @param detail what the probe saw
 * @param agreement how the two compare
 */
record PairResult(String from, String to, Boolean expected, boolean observed, String detail, Agreement agreement) {

	static PairResult of(String from, String to, Boolean expected, boolean observed, String detail) {
		Agreement agreement;
		if (expected == null) {
			agreement = Agreement.UNKNOWN;
		}
		else if (expected == observed) {
			agreement = Agreement.MATCH;
		}
		else {
			// Upstream ignores loopback: network plugins differ on a pod's traffic to itself.
			agreement = from.equals(to) ? Agreement.UNKNOWN : Agreement.MISMATCH;
		}
		return new PairResult(from, to, expected, observed, detail, agreement);
	}

}
