package io.netpoldemo.user.board;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.netpoldemo.user.check.CheckReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the board's probe rounds: one shared round per interval, and only while someone watches.
 * <p>
 * Browsers never start a probe. Each round's snapshot is serialized once and pushed to every open stream; browsers
 * that cannot hold a stream read the same cached snapshot, so a hundred open tabs cost what one does.
 */
final class BoardLoop implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BoardLoop.class);

	/**
	 * How long stopping waits for the round thread: it is interrupted and its probes' sockets closed, so it ends at
	 * once; a daemon thread that does not is left behind rather than holding the shutdown (make stop, a pod's
	 * termination) for a probe's timeout.
	 */
	private static final Duration STOP_WAIT = Duration.ofMillis(500);

	private static final String NO_SNAPSHOT_YET = "waiting for the first round";

	private final BoardSource source;

	private final BoardStreams streams;

	private final JsonMapper json;

	private final BoardProperties properties;

	private final OutcomeHistory history;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition watched = this.lock.newCondition();

	private final AtomicReference<String> latest = new AtomicReference<>();

	private volatile Instant pollLeaseEnd = Instant.MIN;

	private volatile Thread thread;

	BoardLoop(BoardSource source, BoardStreams streams, JsonMapper json, BoardProperties properties) {
		this.source = source;
		this.streams = streams;
		this.json = json;
		this.properties = properties;
		this.history = new OutcomeHistory(properties.history());
	}

	/**
	 * The last snapshot, for a browser that polls; keeps the rounds running for the poll lease.
	 * @return the snapshot JSON
	 */
	String poll() {
		this.pollLeaseEnd = Instant.now().plus(this.properties.pollLease());
		wake();
		String current = this.latest.get();
		return (current != null) ? current : serialize(emptySnapshot());
	}

	/**
	 * The last snapshot, for a new stream to show at once.
	 * @return the snapshot JSON, or {@code null} before the first round
	 */
	String latest() {
		return this.latest.get();
	}

	/**
	 * Tells the loop that someone may be watching now.
	 */
	void wake() {
		this.lock.lock();
		try {
			this.watched.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean watched(Instant now) {
		return this.streams.size() > 0 || now.isBefore(this.pollLeaseEnd);
	}

	@Override
	public void start() {
		this.thread = Thread.ofPlatform().daemon().name("board-rounds").start(this::loop);
	}

	@Override
	public void stop() {
		Thread running = this.thread;
		this.thread = null;
		if (running != null) {
			running.interrupt();
			try {
				// A round in flight ends at its probes' timeouts; shutdown need not wait that long.
				running.join(STOP_WAIT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.streams.close();
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void loop() {
		long intervalNanos = this.properties.interval().toNanos();
		long lastStart = System.nanoTime() - intervalNanos;
		try {
			while (!Thread.currentThread().isInterrupted()) {
				awaitWatcher();
				// Also after an idle spell: a browser arriving just after a round must not get a second one early.
				long wait = lastStart + intervalNanos - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				lastStart = System.nanoTime();
				runRound();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitWatcher() throws InterruptedException {
		this.lock.lock();
		try {
			while (!watched(Instant.now())) {
				// Bounded, so an expired poll lease is noticed without anyone signalling it.
				this.watched.await(1, TimeUnit.SECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void runRound() {
		String snapshot;
		try {
			CheckReport report = this.source.round();
			this.history.record(report.startedAt(), report.results());
			snapshot = serialize(new BoardSnapshot(report, this.source.selectingPolicies(report), this.history.view(),
					this.properties.interval().toMillis()));
		}
		catch (RuntimeException ex) {
			// Keep the board alive: the next round may work, and the page shows how old its data is.
			logger.warn("Board round failed: " + ex, ex);
			return;
		}
		this.latest.set(snapshot);
		this.streams.publish(snapshot);
	}

	private BoardSnapshot emptySnapshot() {
		return new BoardSnapshot(null, SelectingPolicies.unknown(NO_SNAPSHOT_YET), this.history.view(),
				this.properties.interval().toMillis());
	}

	private String serialize(BoardSnapshot snapshot) {
		return this.json.writeValueAsString(snapshot);
	}

}
