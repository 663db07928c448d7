package io.netpoldemo.lab.matrix;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.netpol.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MatrixReportTests {

	private static final List<String> PODS = List.of("x/a", "x/b");

	@Test
	void selfPairsThatDisagreeAreUnknownNeverMismatch() {
		assertThat(PairResult.of("x/a", "x/a", true, false, "timeout").agreement()).isEqualTo(Agreement.UNKNOWN);
		assertThat(PairResult.of("x/a", "x/a", true, true, "x/a").agreement()).isEqualTo(Agreement.MATCH);
		assertThat(PairResult.of("x/a", "x/b", true, false, "timeout").agreement()).isEqualTo(Agreement.MISMATCH);
		assertThat(PairResult.of("x/a", "x/b", null, false, "no port").agreement()).isEqualTo(Agreement.UNKNOWN);
	}

	@Test
	void printsTheThreeUpstreamTables() {
		MatrixReport report = report("81");
		assertThat(report.expectedTable()).isEqualTo("""
				-   x/a x/b
				x/a .   X
				x/b ?   .
				""");
		assertThat(report.observedTable()).isEqualTo("""
				-   x/a x/b
				x/a .   .
				x/b ?   .
				""");
		assertThat(report.comparisonTable()).isEqualTo("""
				-   x/a x/b
				x/a .   X
				x/b ?   .
				""");
		assertThat(report.agrees()).isFalse();
		assertThat(report.text()).contains("4 pairs: 2 MATCH, 1 MISMATCH, 1 UNKNOWN");
	}

	@Test
	void jsonHasTheIssuesShapeWithANumericOrNamedPort() throws Exception {
		JsonNode json = new ObjectMapper().readTree(report("81").json());
		assertThat(json.fieldNames()).toIterable().containsExactly("port", "protocol", "via", "pods", "pairs");
		assertThat(json.path("port").isInt()).isTrue();
		assertThat(json.path("via").asText()).isEqualTo("pod");
		assertThat(json.path("pairs")).hasSize(4);
		JsonNode pair = json.path("pairs").get(1);
		assertThat(pair.fieldNames()).toIterable()
			.containsExactly("from", "to", "expected", "observed", "agreement");
		assertThat(pair.path("agreement").asText()).isEqualTo("MISMATCH");
		assertThat(json.path("pairs").get(2).path("expected").isNull()).isTrue();
		assertThat(new ObjectMapper().readTree(report("serve-81-tcp").json()).path("port").asText())
			.isEqualTo("serve-81-tcp");
	}

	private static MatrixReport report(String port) {
		return new MatrixReport(port, Protocol.TCP, "pod", PODS,
				List.of(PairResult.of("x/a", "x/a", true, true, "x/a"), PairResult.of("x/a", "x/b", false, true, "x/b"),
						PairResult.of("x/b", "x/a", null, false, "no port"),
						PairResult.of("x/b", "x/b", true, true, "x/b")),
				List.of());
	}

}
