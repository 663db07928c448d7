package io.netpoldemo.user.check;

import java.util.stream.Stream;

import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class AgreementTests {

	static Stream<Arguments> expectationsAgainstOutcomes() {
		return Stream.of(
				// An allowing policy: anything that reached the host agrees, even a refusal or a bad certificate.
				Arguments.of(Expected.ALLOWED, Outcome.OK, Agreement.MATCH),
				Arguments.of(Expected.ALLOWED, Outcome.HTTP_ERROR, Agreement.MATCH),
				Arguments.of(Expected.ALLOWED, Outcome.REFUSED, Agreement.MATCH),
				Arguments.of(Expected.ALLOWED, Outcome.TLS_ERROR, Agreement.MATCH),
				Arguments.of(Expected.ALLOWED, Outcome.TIMEOUT, Agreement.MISMATCH),
				Arguments.of(Expected.ALLOWED, Outcome.DNS_FAILURE, Agreement.MISMATCH),
				Arguments.of(Expected.ALLOWED, Outcome.ERROR, Agreement.MISMATCH),
				// A denying policy drops packets, or blocks the DNS lookup before them.
				Arguments.of(Expected.DENIED, Outcome.TIMEOUT, Agreement.MATCH),
				Arguments.of(Expected.DENIED, Outcome.DNS_FAILURE, Agreement.MATCH),
				Arguments.of(Expected.DENIED, Outcome.OK, Agreement.MISMATCH),
				Arguments.of(Expected.DENIED, Outcome.HTTP_ERROR, Agreement.MISMATCH),
				Arguments.of(Expected.DENIED, Outcome.REFUSED, Agreement.MISMATCH),
				Arguments.of(Expected.DENIED, Outcome.TLS_ERROR, Agreement.MISMATCH),
				Arguments.of(Expected.DENIED, Outcome.ERROR, Agreement.MISMATCH));
	}

	@ParameterizedTest(name = "{0} and {1} -> {2}")
	@MethodSource("expectationsAgainstOutcomes")
	void comparesTheExpectationWithTheOutcome(Expected expected, Outcome outcome, Agreement agreement) {
		assertThat(Agreement.of(expected, outcome)).isEqualTo(agreement);
	}

	@ParameterizedTest
	@EnumSource(Outcome.class)
	void anUnknownExpectationAgreesWithNothing(Outcome outcome) {
		assertThat(Agreement.of(Expected.UNKNOWN, outcome)).isEqualTo(Agreement.UNKNOWN);
	}

	@ParameterizedTest
	@EnumSource(Outcome.class)
	void everyOutcomeHasAOneSentenceHint(Outcome outcome) {
		assertThat(outcome.hint()).endsWith(".").doesNotContain("\n");
	}

}
