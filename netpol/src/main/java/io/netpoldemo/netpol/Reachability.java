package io.netpoldemo.netpol;

import java.util.List;

/**
 * The verdict for every ordered pair of pods on one port, like the upstream e2e truth tables.
 *
 * @param port the destination port as given: a number or a container port name resolved per destination pod
 * @param protocol the protocol
 * @param pods the pods as {@code namespace/name}, rows and columns in this order
 * @param verdicts {@code verdicts[from][to]}
 */
public record Reachability(String port, Protocol protocol, List<String> pods, Verdict[][] verdicts) {

	/** Evaluates every pair; a named port that a destination pod lacks means nothing listens there: denied. */
	public static Reachability of(PolicyEvaluator evaluator, String port, Protocol protocol) {
		List<String> pods = evaluator.pods();
		Verdict[][] verdicts = new Verdict[pods.size()][pods.size()];
		boolean numeric = !port.isEmpty() && port.chars().allMatch(Character::isDigit);
		for (int j = 0; j < pods.size(); j++) {
			int number = numeric ? Integer.parseInt(port) : evaluator.containerPort(pods.get(j), port, protocol);
			for (int i = 0; i < pods.size(); i++) {
				verdicts[i][j] = (number < 0) ? Verdict.DENIED
						: evaluator.verdict(pods.get(i), pods.get(j), number, protocol);
			}
		}
		return new Reachability(port, protocol, List.copyOf(pods), verdicts);
	}

	public Verdict verdict(int from, int to) {
		return this.verdicts[from][to];
	}

	/** The truth table: {@code .} allowed, {@code X} denied, {@code ?} unknown; rows are sources. */
	public String table() {
		int width = Math.max(2, this.pods.stream().mapToInt(String::length).max().orElse(1)) + 1;
		StringBuilder table = new StringBuilder();
		StringBuilder row = new StringBuilder(pad("-", width));
		this.pods.forEach((pod) -> row.append(pad(pod, width)));
		table.append(row.toString().stripTrailing()).append(System.lineSeparator());
		for (int i = 0; i < this.pods.size(); i++) {
			row.setLength(0);
			row.append(pad(this.pods.get(i), width));
			for (int j = 0; j < this.pods.size(); j++) {
				row.append(pad(switch (this.verdicts[i][j]) {
					case ALLOWED -> ".";
					case DENIED -> "X";
					case UNKNOWN -> "?";
				}, width));
			}
			table.append(row.toString().stripTrailing()).append(System.lineSeparator());
		}
		return table.toString();
	}

	private static String pad(String text, int width) {
		return String.format("%-" + width + "s", text);
	}

}
