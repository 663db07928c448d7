package io.netpoldemo.user.board;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.netpoldemo.user.check.Outcome;
import org.junit.jupiter.api.Test;

import static io.netpoldemo.user.board.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

class OutcomeHistoryTests {

	private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

	private final OutcomeHistory history = new OutcomeHistory(Duration.ofSeconds(60));

	@Test
	void keepsOneEntryPerRoundOldestFirst() {
		this.history.record(T0, List.of(result("auth", Outcome.OK)));
		this.history.record(T0.plusSeconds(2), List.of(result("auth", Outcome.TIMEOUT)));

		assertThat(this.history.view().get("auth").entries()).containsExactly(new HistoryEntry(T0, Outcome.OK),
				new HistoryEntry(T0.plusSeconds(2), Outcome.TIMEOUT));
	}

	@Test
	void lastChangedMovesOnlyWhenTheOutcomeChanges() {
		this.history.record(T0, List.of(result("hello", Outcome.OK)));
		this.history.record(T0.plusSeconds(2), List.of(result("hello", Outcome.OK)));
		this.history.record(T0.plusSeconds(4), List.of(result("hello", Outcome.REFUSED)));
		this.history.record(T0.plusSeconds(6), List.of(result("hello", Outcome.REFUSED)));

		assertThat(this.history.view().get("hello").lastChangedAt()).isEqualTo(T0.plusSeconds(4));
	}

	@Test
	void firstSightingCountsAsTheLastChange() {
		this.history.record(T0, List.of(result("github", Outcome.DNS_FAILURE)));

		assertThat(this.history.view().get("github").lastChangedAt()).isEqualTo(T0);
	}

	@Test
	void dropsEntriesOlderThanTheWindow() {
		for (int second = 0; second <= 90; second += 2) {
			this.history.record(T0.plusSeconds(second), List.of(result("auth", Outcome.OK)));
		}

		List<HistoryEntry> entries = this.history.view().get("auth").entries();
		assertThat(entries.getFirst().at()).isEqualTo(T0.plusSeconds(30));
		assertThat(entries.getLast().at()).isEqualTo(T0.plusSeconds(90));
		assertThat(entries).hasSize(31);
	}

	@Test
	void keepsTheLastChangeEvenWhenItLeftTheWindow() {
		this.history.record(T0, List.of(result("auth", Outcome.TIMEOUT)));
		this.history.record(T0.plusSeconds(120), List.of(result("auth", Outcome.TIMEOUT)));

		assertThat(this.history.view().get("auth").lastChangedAt()).isEqualTo(T0);
		assertThat(this.history.view().get("auth").entries()).hasSize(1);
	}

	@Test
	void tracksTargetsIndependently() {
		this.history.record(T0, List.of(result("auth", Outcome.OK), result("hello", Outcome.OK)));
		this.history.record(T0.plusSeconds(2), List.of(result("auth", Outcome.OK), result("hello", Outcome.TIMEOUT)));

		assertThat(this.history.view().get("auth").lastChangedAt()).isEqualTo(T0);
		assertThat(this.history.view().get("hello").lastChangedAt()).isEqualTo(T0.plusSeconds(2));
	}

	@Test
	void forgetsTargetsThatAreNoLongerChecked() {
		this.history.record(T0, List.of(result("auth", Outcome.OK), result("hello", Outcome.OK)));
		this.history.record(T0.plusSeconds(2), List.of(result("auth", Outcome.OK)));

		assertThat(this.history.view()).containsOnlyKeys("auth");
	}

	@Test
	void viewIsASnapshotThatLaterRoundsDoNotChange() {
		this.history.record(T0, List.of(result("auth", Outcome.OK)));
		TargetHistory before = this.history.view().get("auth");

		this.history.record(T0.plusSeconds(2), List.of(result("auth", Outcome.REFUSED)));

		assertThat(before.entries()).hasSize(1);
		assertThat(before.lastChangedAt()).isEqualTo(T0);
	}

}
