package io.netpoldemo.user.board;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.Outcome;

/**
 * The last minute of outcomes per target, so that a change stays visible to someone who looked away. Only the round
 * loop records; {@link #view()} hands out immutable copies.
 */
final class OutcomeHistory {

	private final Duration window;

	private final Map<String, Track> tracks = new LinkedHashMap<>();

	OutcomeHistory(Duration window) {
		this.window = window;
	}

	synchronized void record(Instant at, List<CheckResult> results) {
		Instant oldest = at.minus(this.window);
		// A target that left the configuration would otherwise keep its strip for ever.
		this.tracks.keySet().retainAll(results.stream().map(CheckResult::target).toList());
		for (CheckResult result : results) {
			Track track = this.tracks.computeIfAbsent(result.target(), (name) -> new Track());
			track.add(at, result.outcome());
			while (!track.entries.isEmpty() && track.entries.peekFirst().at().isBefore(oldest)) {
				track.entries.removeFirst();
			}
		}
	}

	synchronized Map<String, TargetHistory> view() {
		Map<String, TargetHistory> view = new LinkedHashMap<>();
		this.tracks.forEach((name, track) -> view.put(name,
				new TargetHistory(track.lastChangedAt, List.copyOf(track.entries))));
		return Collections.unmodifiableMap(view);
	}

	private static final class Track {

		private final Deque<HistoryEntry> entries = new ArrayDeque<>();

		private Outcome last;

		private Instant lastChangedAt;

		void add(Instant at, Outcome outcome) {
			if (outcome != this.last) {
				this.last = outcome;
				this.lastChangedAt = at;
			}
			this.entries.addLast(new HistoryEntry(at, outcome));
		}

	}

}
