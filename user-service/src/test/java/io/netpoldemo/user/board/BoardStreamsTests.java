package io.netpoldemo.user.board;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class BoardStreamsTests {

	// A guard against a hang, not a measurement: a publish that waited for the stalled stream would never return.
	private static final Duration HANG_GUARD = Duration.ofSeconds(10);

	private final List<RecordingEmitter> opened = new ArrayList<>();

	private final List<RecordingEmitter> prepared = new ArrayList<>();

	private BoardStreams streams = streams(10);

	@AfterEach
	void close() {
		this.prepared.forEach((emitter) -> emitter.release.countDown());
		this.streams.close();
	}

	@Test
	void sendsTheCurrentSnapshotAsTheFirstEvent() throws InterruptedException {
		RecordingEmitter emitter = next(new RecordingEmitter(false));

		this.streams.open("s0");

		assertThat(emitter.received.poll(5, TimeUnit.SECONDS)).isEqualTo("s0");
	}

	@Test
	void publishDoesNotWaitForAStalledBrowserAndSendsItOnlyTheNewestSnapshot() throws InterruptedException {
		RecordingEmitter stalled = next(new RecordingEmitter(true));
		this.streams.open(null);
		RecordingEmitter fast = next(new RecordingEmitter(false));
		this.streams.open(null);

		this.streams.publish("s1");
		assertThat(stalled.entered.await(5, TimeUnit.SECONDS)).isTrue();
		assertTimeoutPreemptively(HANG_GUARD, () -> {
			this.streams.publish("s2");
			this.streams.publish("s3");
		});
		assertThat(receivedUntil(fast, "s3")).endsWith("s3");

		stalled.release.countDown();
		assertThat(receivedUntil(stalled, "s3")).containsExactly("s1", "s3");
	}

	@Test
	void refusesStreamsBeyondTheLimit() {
		this.streams = streams(2);
		next(new RecordingEmitter(false));
		next(new RecordingEmitter(false));

		assertThat(this.streams.open(null)).isPresent();
		assertThat(this.streams.open(null)).isPresent();
		assertThat(this.streams.open(null)).isEmpty();
		assertThat(this.streams.size()).isEqualTo(2);
	}

	@Test
	void forgetsAStreamWhoseBrowserWentAway() throws InterruptedException {
		this.streams = streams(1);
		RecordingEmitter gone = next(new RecordingEmitter(false));
		gone.fail = true;
		assertThat(this.streams.open(null)).isPresent();

		this.streams.publish("s1");

		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		while (this.streams.size() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.streams.size()).isZero();
		next(new RecordingEmitter(false));
		assertThat(this.streams.open(null)).isPresent();
	}

	private BoardStreams streams(int maxStreams) {
		BoardProperties properties = new BoardProperties(Duration.ofSeconds(2), Duration.ofSeconds(60),
				Duration.ofMinutes(5), maxStreams, Duration.ofSeconds(10));
		return new BoardStreams(properties, (timeout) -> {
			RecordingEmitter emitter = this.prepared.get(this.opened.size());
			this.opened.add(emitter);
			return emitter;
		});
	}

	private RecordingEmitter next(RecordingEmitter emitter) {
		this.prepared.add(emitter);
		return emitter;
	}

	private static List<String> receivedUntil(RecordingEmitter emitter, String last) throws InterruptedException {
		List<String> received = new ArrayList<>();
		while (!received.contains(last)) {
			String snapshot = emitter.received.poll(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
			assertThat(snapshot).as("next snapshot after %s", received).isNotNull();
			received.add(snapshot);
		}
		return received;
	}

	/**
	 * An emitter standing for one browser: records the snapshots it is sent, and can stall on the first one the way
	 * a browser that stopped reading stalls a socket write.
	 */
	private static final class RecordingEmitter extends SseEmitter {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release;

		volatile boolean fail;

		RecordingEmitter(boolean stalls) {
			this.release = new CountDownLatch(stalls ? 1 : 0);
		}

		@Override
		public void send(SseEventBuilder builder) throws IOException {
			this.entered.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted", ex);
			}
			if (this.fail) {
				throw new IOException("Broken pipe");
			}
			for (var part : builder.build()) {
				// The event's own lines are text/plain parts; the payload is the one part without a media type.
				if (part.getMediaType() == null && part.getData() instanceof String data) {
					this.received.add(data);
				}
			}
		}

	}

}
