package io.netpoldemo.user.board;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class BoardPropertiesTests {

	@Test
	void rejectsAnIntervalThatWouldProbeWithoutPauseAndSaysWhereToFixIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ZERO, 100))
			.withMessageContaining("board.interval is 0 ms")
			.withMessageContaining("BOARD_INTERVAL");
	}

	@Test
	void rejectsANegativeStreamLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofSeconds(2), -1))
			.withMessageContaining("board.max-streams is -1");
	}

	@Test
	void acceptsNoStreamsAtAllSoThatEveryPagePolls() {
		assertThatNoException().isThrownBy(() -> properties(Duration.ofSeconds(2), 0));
	}

	private static BoardProperties properties(Duration interval, int maxStreams) {
		return new BoardProperties(interval, Duration.ofSeconds(60), Duration.ofMinutes(5), maxStreams,
				Duration.ofSeconds(10));
	}

}
