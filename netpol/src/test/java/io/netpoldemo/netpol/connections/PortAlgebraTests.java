package io.netpoldemo.netpol.connections;

import java.util.stream.Stream;

import io.netpoldemo.netpol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The port-range algebra, one row per rule, and the way netpol-analyzer prints connections. */
class PortAlgebraTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void computesOverTheWholePortSpace(String rule, PortSet result, String expected) {
		assertThat(result.toString()).isEqualTo(expected);
	}

	static Stream<Arguments> operations() {
		PortSet web = PortSet.of(80).union(PortSet.range(8080, 8090));
		return Stream.of(Arguments.of("unionMergesTouchingRanges", PortSet.range(1, 79).union(PortSet.range(80, 100)), "1-100"),
				Arguments.of("unionKeepsGapsApart", web, "80,8080-8090"),
				Arguments.of("intersectionOfRanges", web.intersect(PortSet.range(8085, 9000)), "8085-8090"),
				Arguments.of("intersectionOfDisjointSetsIsEmpty", web.intersect(PortSet.of(443)), ""),
				Arguments.of("minusCutsAHole", PortSet.range(8080, 8090).minus(PortSet.of(8085)), "8080-8084,8086-8090"),
				Arguments.of("minusOfEverythingLeavesNothing", web.minus(PortSet.ALL), ""),
				Arguments.of("everythingMinusOnePort", PortSet.ALL.minus(PortSet.of(1)), "2-65535"),
				Arguments.of("endPortBelowPortIsEmpty", PortSet.range(90, 80), ""),
				Arguments.of("rangesAreClippedToThePortSpace", PortSet.range(0, 70000), "1-65535"),
				Arguments.of("aSinglePortPrintsAlone", PortSet.of(53), "53"));
	}

	@Test
	void connectionsPrintAsNetpolAnalyzerPrintsThem() {
		ConnectionSet web = ConnectionSet.of(Protocol.TCP, PortSet.of(80).union(PortSet.range(8080, 8090)))
			.union(ConnectionSet.of(Protocol.UDP, PortSet.of(53)));
		assertThat(web).hasToString("TCP 80,8080-8090,UDP 53");
		assertThat(ConnectionSet.of(Protocol.SCTP, PortSet.of(3868)).union(ConnectionSet.of(Protocol.TCP, PortSet.ALL)))
			.as("protocols in alphabetical order, the whole range as 1-65535")
			.hasToString("SCTP 3868,TCP 1-65535");
		assertThat(ConnectionSet.ALL).hasToString("All Connections");
		assertThat(ConnectionSet.NONE).hasToString("No Connections");
		assertThat(ConnectionSet.of(Protocol.TCP, PortSet.ALL)
			.union(ConnectionSet.of(Protocol.UDP, PortSet.ALL))
			.union(ConnectionSet.of(Protocol.SCTP, PortSet.ALL))).isSameAs(ConnectionSet.ALL);
		assertThat(web.intersect(ConnectionSet.of(Protocol.TCP, PortSet.ALL))).hasToString("TCP 80,8080-8090");
		assertThat(ConnectionSet.ALL.minus(web).contains(Protocol.TCP, 8085)).isFalse();
		assertThat(ConnectionSet.ALL.minus(web).contains(Protocol.TCP, 8091)).isTrue();
	}

	@Test
	void intervalsSubtractAcrossSeveralRanges() {
		Intervals some = Intervals.range(0, 100).union(Intervals.range(200, 300));
		assertThat(some.minus(Intervals.range(50, 250))).hasToString("0-49,251-300");
		assertThat(some.minus(Intervals.range(0, 300))).isEqualTo(Intervals.EMPTY);
		assertThat(some.minus(Intervals.range(101, 199))).isEqualTo(some);
		assertThat(some.size()).isEqualTo(202);
	}

}
