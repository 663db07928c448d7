package io.netpoldemo.user.check;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChecksPropertiesTests {

	private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

	@Test
	void rejectsAZeroConnectTimeoutThatSocketsWouldReadAsNoTimeoutAndSaysWhereToFixIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChecksProperties.Timeouts(Duration.ZERO, TWO_SECONDS, TWO_SECONDS))
			.withMessageContaining("checks.timeouts.connect is 0 ms")
			.withMessageContaining("CHECKS_TIMEOUTS_CONNECT");
	}

	@Test
	void rejectsARequestTimeoutShorterThanTheMillisecondSocketsCount() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChecksProperties.Timeouts(TWO_SECONDS, Duration.ofNanos(500_000), TWO_SECONDS))
			.withMessageContaining("checks.timeouts.request is 0 ms");
	}

	@Test
	void rejectsANegativeDnsTimeout() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChecksProperties.Timeouts(TWO_SECONDS, TWO_SECONDS, Duration.ofSeconds(-1)))
			.withMessageContaining("checks.timeouts.dns is -1000 ms");
	}

}
