package io.netpoldemo.user.board;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static io.netpoldemo.user.board.Results.report;
import static io.netpoldemo.user.board.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

class BoardLoopTests {

	private static final BoardProperties PROPERTIES = new BoardProperties(Duration.ofMillis(100),
			Duration.ofSeconds(60), Duration.ofMinutes(5), 100, Duration.ofSeconds(10));

	private final JsonMapper json = JsonMapper.builder().build();

	private final CountingSource source = new CountingSource();

	private final BoardStreams streams = new BoardStreams(PROPERTIES, (timeout) -> new QueueEmitter());

	private final BoardLoop loop = new BoardLoop(this.source, this.streams, this.json, PROPERTIES);

	@AfterEach
	void stop() {
		this.loop.stop();
	}

	@Test
	void isWatchedOnlyWhileAStreamIsOpenOrAPollLeaseRuns() {
		Instant now = Instant.now();
		assertThat(this.loop.watched(now)).isFalse();

		this.loop.poll();
		assertThat(this.loop.watched(Instant.now())).isTrue();
		assertThat(this.loop.watched(Instant.now().plus(PROPERTIES.pollLease()).plusSeconds(1))).isFalse();

		this.streams.open(null);
		assertThat(this.loop.watched(Instant.now().plus(Duration.ofHours(1)))).isTrue();
	}

	@Test
	void pollBeforeTheFirstRoundAnswersWithoutAReportAndStartsNoProbe() {
		JsonNode snapshot = this.json.readTree(this.loop.poll());

		assertThat(snapshot.get("report").isNull()).isTrue();
		assertThat(snapshot.get("intervalMs").asLong()).isEqualTo(100);
		assertThat(this.source.rounds.get()).isZero();
	}

	@Test
	void snapshotCarriesTheReportTheHistoryAndThePolicies() {
		this.source.next = report(Instant.parse("2026-01-01T10:00:00Z"), result("auth", Outcome.OK),
				result("hello", Outcome.REFUSED));
		this.loop.runRound();

		JsonNode snapshot = this.json.readTree(this.loop.poll());
		assertThat(snapshot.at("/report/results/1/target").asString()).isEqualTo("hello");
		assertThat(snapshot.at("/report/results/1/outcome").asString()).isEqualTo("REFUSED");
		assertThat(snapshot.at("/report/source/hostname").asString()).isEqualTo("laptop");
		assertThat(snapshot.at("/history/hello/lastChangedAt").asString()).isEqualTo("2026-01-01T10:00:00Z");
		assertThat(snapshot.at("/history/hello/entries/0/outcome").asString()).isEqualTo("REFUSED");
		assertThat(snapshot.at("/selectingPolicies/names/0").asString()).isEqualTo("user-default-deny");
		assertThat(snapshot.at("/selectingPolicies/known").asBoolean()).isTrue();
	}

	@Test
	void aFailedRoundKeepsTheLastSnapshot() {
		this.source.next = report(Instant.parse("2026-01-01T10:00:00Z"), result("auth", Outcome.OK));
		this.loop.runRound();
		String before = this.loop.latest();

		this.source.next = null;
		this.loop.runRound();

		assertThat(this.loop.latest()).isEqualTo(before);
	}

	@Test
	void oneRoundServesEveryOpenStream() throws InterruptedException {
		List<QueueEmitter> browsers = IntStream.range(0, 20)
			.mapToObj((i) -> (QueueEmitter) this.streams.open(null).orElseThrow())
			.toList();
		this.loop.start();

		browsers.getFirst().take(3);
		this.loop.stop();

		int rounds = this.source.rounds.get();
		assertThat(browsers).allSatisfy((browser) -> assertThat(browser.count.get()).isPositive());
		// A round per stream would be twenty rounds per snapshot. The slack: the last snapshot may still be on its
		// way to the first browser, and a browser that lags behind skips to the newest.
		assertThat(rounds).isLessThanOrEqualTo(browsers.getFirst().count.get() + 2);
	}

	@Test
	void aPollingBrowserKeepsTheRoundsRunning() throws InterruptedException {
		this.loop.start();
		this.loop.poll();

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.source.rounds.get() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}

		assertThat(this.source.rounds.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.json.readTree(this.loop.poll()).at("/report/results/0/target").asString()).isEqualTo("auth");
	}

	private static final class CountingSource implements BoardSource {

		final AtomicInteger rounds = new AtomicInteger();

		volatile CheckReport next = report(Instant.now(), result("auth", Outcome.OK));

		@Override
		public CheckReport round() {
			this.rounds.incrementAndGet();
			if (this.next == null) {
				throw new IllegalStateException("a check failed unexpectedly");
			}
			return this.next;
		}

		@Override
		public SelectingPolicies selectingPolicies(CheckReport report) {
			return SelectingPolicies.of(List.of("user-default-deny"));
		}

	}

	private static final class QueueEmitter extends SseEmitter {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void send(SseEventBuilder builder) throws IOException {
			for (var part : builder.build()) {
				if (part.getMediaType() == null && part.getData() instanceof String data) {
					this.received.add(data);
					this.count.incrementAndGet();
				}
			}
		}

		List<String> take(int count) throws InterruptedException {
			List<String> taken = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String snapshot = this.received.poll(10, TimeUnit.SECONDS);
				assertThat(snapshot).as("snapshot %d of %d", i + 1, count).isNotNull();
				taken.add(snapshot);
			}
			return taken;
		}

	}

}
