package io.netpoldemo.user.board;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reachability board at {@code /}.
 *
 * @param interval the time between the starts of two probe rounds while a browser watches the board
 * @param history how far back each target's history strip reaches
 * @param streamTimeout how long one event stream stays open before the browser reconnects, so that dead streams end
 * @param maxStreams how many event streams may be open at once; browsers beyond that poll the cached snapshot
 * @param pollLease how long a browser that polls the cached snapshot keeps the rounds running
 */
@ConfigurationProperties("board")
record BoardProperties(@DefaultValue("2s") Duration interval, @DefaultValue("60s") Duration history,
		@DefaultValue("5m") Duration streamTimeout, @DefaultValue("100") int maxStreams,
		@DefaultValue("10s") Duration pollLease) {

	// Every round opens a fresh connection per target: without a floor, 0 would make the board a load generator.
	private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

	BoardProperties {
		if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
			throw new IllegalArgumentException("board.interval is " + interval.toMillis() + " ms; use at least "
					+ SHORTEST_INTERVAL.toMillis() + " ms (application.yaml or BOARD_INTERVAL)");
		}
		if (maxStreams < 0) {
			throw new IllegalArgumentException("board.max-streams is " + maxStreams
					+ "; use 0 (every page polls) or more (application.yaml or BOARD_MAX_STREAMS)");
		}
	}
}
