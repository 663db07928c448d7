package io.netpoldemo.user.board;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * However many pages watch the board, the peers see one probe per round: twenty event streams and twenty pages
 * polling the snapshot cost the hello peer what one page does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BoardSharedRoundsIntegrationTests extends OnePeerService {

	private static final int STREAMS = 20;

	private static final int POLLERS = 20;

	private static final int SNAPSHOTS = 4;

	@Test
	void manyWatchersShareOneProbeRound() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<Stream<String>> streams = new ArrayList<>();
		AtomicInteger firstStreamSnapshots = new AtomicInteger();
		try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < STREAMS; i++) {
				Stream<String> lines = client.send(request("board/events").build(), HttpResponse.BodyHandlers.ofLines())
					.body();
				streams.add(lines);
				boolean first = i == 0;
				readers.execute(() -> lines.filter("event:snapshot"::equals).forEach((line) -> {
					if (first) {
						firstStreamSnapshots.incrementAndGet();
					}
				}));
			}
			for (int i = 0; i < POLLERS; i++) {
				readers.execute(() -> poll(client, firstStreamSnapshots));
			}

			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (firstStreamSnapshots.get() < SNAPSHOTS && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			int snapshots = firstStreamSnapshots.get();
			int helloProbes = peer.countRequestsMatching(getRequestedFor(urlPathEqualTo("/")).build()).getCount();
			streams.forEach(Stream::close);

			assertThat(snapshots).isGreaterThanOrEqualTo(SNAPSHOTS);
			// One probe per snapshot. The slack: the round in flight while counting, and a snapshot the first
			// stream skipped had it lagged. One probe per watcher would be forty times as many.
			assertThat(helloProbes).isBetween(snapshots, snapshots + 2);
		}
		finally {
			streams.forEach(Stream::close);
		}
	}

	private void poll(HttpClient client, AtomicInteger until) {
		while (until.get() < SNAPSHOTS) {
			try {
				HttpResponse<String> response = client.send(request("board/snapshot").build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				Thread.sleep(200);
			}
			catch (IOException ex) {
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(board() + path)).timeout(Duration.ofSeconds(60));
	}

}
