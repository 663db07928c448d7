package io.netpoldemo.lab.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.Verdict;

/**
 * A matrix's outcome: the three truth tables the upstream e2e suite prints (expected, observed, comparison) and the
 * same as JSON.
 *
 * @param port the port as given, a number or a name
 * @param protocol the protocol
 * @param via {@code pod} or {@code service}
 * @param pods every pod, rows and columns in this order
 * @param pairs every ordered pair, row by row
 * @param sourceOnly the pods that declare no port: probed from, never to
 */
record MatrixReport(String port, Protocol protocol, String via, List<String> pods, List<PairResult> pairs,
		List<String> sourceOnly) {

	private static final ObjectMapper JSON = new ObjectMapper();

	long count(Agreement agreement) {
		return this.pairs.stream().filter((pair) -> pair.agreement() == agreement).count();
	}

	boolean agrees() {
		return count(Agreement.MISMATCH) == 0;
	}

	/** {@code .} allowed, {@code X} denied, {@code ?} unknown, as {@code bin/netpol reachability} prints it. */
	String expectedTable() {
		return table((pair) -> (pair.expected() == null) ? Verdict.UNKNOWN
				: pair.expected() ? Verdict.ALLOWED : Verdict.DENIED);
	}

	/** {@code ?} where nothing was probed: the destination does not serve the port. */
	String observedTable() {
		return table((pair) -> (pair.expected() == null && !pair.observed()) ? Verdict.UNKNOWN
				: pair.observed() ? Verdict.ALLOWED : Verdict.DENIED);
	}

	/** {@code .} agree, {@code X} disagree, {@code ?} nothing to compare: the same three marks, as upstream uses them. */
	String comparisonTable() {
		return table((pair) -> switch (pair.agreement()) {
			case MATCH -> Verdict.ALLOWED;
			case MISMATCH -> Verdict.DENIED;
			case UNKNOWN -> Verdict.UNKNOWN;
		});
	}

	private String table(java.util.function.Function<PairResult, Verdict> mark) {
		int n = this.pods.size();
		Verdict[][] cells = new Verdict[n][n];
		for (int k = 0; k < this.pairs.size(); k++) {
			cells[k / n][k % n] = mark.apply(this.pairs.get(k));
		}
		return new Reachability(this.port, this.protocol, this.pods, cells).table();
	}

	/** The three tables, a line per source-only pod, and the count. */
	String text() {
		StringBuilder text = new StringBuilder();
		text.append("Port ").append(this.port).append('/').append(this.protocol).append(" via ").append(this.via)
			.append('\n');
		text.append("\nexpected (evaluator):\n").append(expectedTable());
		text.append("\nobserved (kernel):\n").append(observedTable());
		text.append("\ncomparison (. agree, X disagree, ? unknown):\n").append(comparisonTable());
		text.append('\n');
		this.sourceOnly.forEach((pod) -> text.append(pod).append(" declares no port: probed as a source only.\n"));
		text.append(this.pairs.size()).append(" pairs: ").append(count(Agreement.MATCH)).append(" MATCH, ")
			.append(count(Agreement.MISMATCH)).append(" MISMATCH, ").append(count(Agreement.UNKNOWN))
			.append(" UNKNOWN\n");
		return text.toString();
	}

	String json() {
		Map<String, Object> document = new LinkedHashMap<>();
		Integer number = new Reachability(this.port, this.protocol, List.of(), new Verdict[0][0]).portNumber();
		document.put("port", (number != null) ? number : this.port);
		document.put("protocol", this.protocol.name());
		document.put("via", this.via);
		document.put("pods", this.pods);
		List<Map<String, Object>> pairs = new ArrayList<>();
		for (PairResult result : this.pairs) {
			Map<String, Object> pair = new LinkedHashMap<>();
			pair.put("from", result.from());
			pair.put("to", result.to());
			pair.put("expected", result.expected());
			pair.put("observed", result.observed());
			pair.put("agreement", result.agreement().name());
			pairs.add(pair);
		}
		document.put("pairs", pairs);
		try {
			return JSON.writeValueAsString(document);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
