package io.netpoldemo.user.board;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The browsers subscribed to the board's server-sent events.
 * <p>
 * Publishing never waits for a browser: each stream is written by its own virtual thread, one event at a time, and a
 * stream that is still busy with an older snapshot gets only the newest one when it is free again. A slow or stalled
 * browser therefore costs one parked thread, never a late round for everyone else.
 */
final class BoardStreams implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BoardStreams.class);

	static final String EVENT_NAME = "snapshot";

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private final Executor writers = Executors.newVirtualThreadPerTaskExecutor();

	private final BoardProperties properties;

	private final Function<Duration, SseEmitter> emitters;

	BoardStreams(BoardProperties properties) {
		this(properties, (timeout) -> new SseEmitter(timeout.toMillis()));
	}

	BoardStreams(BoardProperties properties, Function<Duration, SseEmitter> emitters) {
		this.properties = properties;
		this.emitters = emitters;
	}

	/**
	 * Opens a stream and queues the given snapshot as its first event.
	 * @param current the snapshot JSON to send at once, or {@code null} when there is none yet
	 * @return the emitter, or empty when {@code maxStreams} are already open
	 */
	Optional<SseEmitter> open(String current) {
		SseEmitter emitter;
		Stream stream;
		synchronized (this.streams) {
			if (this.streams.size() >= this.properties.maxStreams()) {
				return Optional.empty();
			}
			emitter = this.emitters.apply(this.properties.streamTimeout());
			stream = new Stream(emitter);
			this.streams.add(stream);
		}
		emitter.onCompletion(() -> this.streams.remove(stream));
		emitter.onError((ex) -> this.streams.remove(stream));
		// Ending the response lets the browser's EventSource reconnect on its own; without complete() Spring MVC
		// would answer the timed-out request with an error status, which EventSource treats as final.
		emitter.onTimeout(emitter::complete);
		if (current != null) {
			stream.offer(current);
		}
		return Optional.of(emitter);
	}

	void publish(String snapshot) {
		for (Stream stream : this.streams) {
			stream.offer(snapshot);
		}
	}

	int size() {
		return this.streams.size();
	}

	/**
	 * Ends every open stream, so that shutdown does not wait for browsers. The writers stay usable: an idle
	 * virtual-thread executor holds no thread, and a restarted context may open streams again.
	 */
	@Override
	public void close() {
		for (Stream stream : this.streams) {
			stream.emitter.complete();
		}
		this.streams.clear();
	}

	private final class Stream {

		private final SseEmitter emitter;

		private final AtomicReference<String> pending = new AtomicReference<>();

		private final AtomicBoolean writing = new AtomicBoolean();

		Stream(SseEmitter emitter) {
			this.emitter = emitter;
		}

		void offer(String snapshot) {
			this.pending.set(snapshot);
			if (this.writing.compareAndSet(false, true)) {
				BoardStreams.this.writers.execute(this::drain);
			}
		}

		private void drain() {
			while (true) {
				String snapshot = this.pending.getAndSet(null);
				if (snapshot == null) {
					this.writing.set(false);
					// An offer may have arrived between the empty read and the reset: take it, unless another
					// writer already did.
					if (this.pending.get() == null || !this.writing.compareAndSet(false, true)) {
						return;
					}
					continue;
				}
				try {
					this.emitter.send(SseEmitter.event()
						.name(EVENT_NAME)
						.reconnectTime(BoardStreams.this.properties.interval().toMillis())
						.data(snapshot));
				}
				catch (IOException | IllegalStateException ex) {
					// The browser went away or the stream already ended: forget it, the container ends the request.
					logger.debug("Dropping a board stream: " + ex.getMessage());
					BoardStreams.this.streams.remove(this);
					this.writing.set(false);
					return;
				}
			}
		}

	}

}
