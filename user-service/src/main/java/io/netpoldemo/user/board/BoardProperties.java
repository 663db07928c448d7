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
}
