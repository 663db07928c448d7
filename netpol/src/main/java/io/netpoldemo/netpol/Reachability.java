package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict for every ordered pair of pods on one port, like the upstream e2e truth tables.
 *
 * @param port the destination port as given: a number or a container port name resolved per destination pod
 * @param protocol the protocol
 * @param pods the pods as {@code namespace/name}, rows and columns in this order
 * @param verdicts {@code verdicts[from][to]}
 */
public record Reachability(String port, Protocol protocol, List<String> pods, Verdict[][] verdicts) {

	/**
	 * Evaluates every pair; a named port that a destination pod lacks means nothing listens there: denied.
	 * @throws IllegalArgumentException when the port is blank or a number outside 1-65535
	 */
	public static Reachability of(PolicyEvaluator evaluator, String port, Protocol protocol) {
		List<String> pods = evaluator.pods();
		Verdict[][] verdicts = new Verdict[pods.size()][pods.size()];
		Integer numeric = number(port);
		// Pods that behave alike share one verdict per pair of classes: each class pair is evaluated once.
		PodClasses podClasses = new PodClasses(evaluator.index().cluster());
		Map<List<Object>, List<Integer>> classes = new LinkedHashMap<>();
		for (int i = 0; i < pods.size(); i++) {
			classes.computeIfAbsent(podClasses.key(evaluator.index().pod(pods.get(i))), (key) -> new ArrayList<>()).add(i);
		}
		for (List<Integer> destinations : classes.values()) {
			int first = destinations.get(0);
			int number = (numeric != null) ? numeric : evaluator.containerPort(pods.get(first), port, protocol);
			for (List<Integer> sources : classes.values()) {
				int from = sources.get(0);
				int to = (from != first) ? first : (destinations.size() > 1) ? destinations.get(1) : -1;
				Verdict verdict = (number < 0 || to < 0) ? Verdict.DENIED
						: evaluator.verdict(pods.get(from), pods.get(to), number, protocol);
				for (int i : sources) {
					for (int j : destinations) {
						verdicts[i][j] = (i != j) ? verdict : (number < 0) ? Verdict.DENIED
								: evaluator.verdict(pods.get(i), pods.get(j), number, protocol);
					}
				}
			}
		}
		return new Reachability(port, protocol, List.copyOf(pods), verdicts);
	}

	/** The port as a number, or {@code null} when it is a container port name. */
	public Integer portNumber() {
		return number(this.port);
	}

	private static Integer number(String port) {
		if (port.isBlank()) {
			throw new IllegalArgumentException("no port given; give a port number (1-65535) or a container port name");
		}
		if (!port.chars().allMatch(Character::isDigit)) {
			return null;
		}
		if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
			throw new IllegalArgumentException(
					"port " + port + " is out of range 1-65535; give a port number in range or a container port name");
		}
		return Integer.valueOf(port);
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
