package io.netpoldemo.user.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rounds: parallel checks, shared in-flight rounds, and expectations joined to outcomes.
 */
class CheckServiceTests {

	private static final Path NO_FILE = Path.of("/nonexistent/netpol-demo");

	private static final PodIdentity IDENTITY = new PodIdentity("user-service", "test", null, null, null, "test");

	@Test
	void concurrentIdenticalRequestsShareOneRound() throws Exception {
		try (GatedServer server = new GatedServer()) {
			CheckService service = service(Map.of("peer", target("http://127.0.0.1:" + server.port() + "/")),
					(target) -> Expectation.unknown("test"));
			int callers = 20;
			try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<CheckReport>> reports = new ArrayList<>();
				reports.add(executor.submit(() -> service.check(service.targets())));
				assertThat(server.awaitConnections(1)).isTrue();
				for (int i = 1; i < callers; i++) {
					reports.add(executor.submit(() -> service.check(service.targets())));
				}
				while (service.joins() < callers - 1) {
					Thread.onSpinWait();
				}
				server.open();
				CheckReport first = reports.get(0).get(10, TimeUnit.SECONDS);
				for (Future<CheckReport> report : reports) {
					assertThat(report.get(10, TimeUnit.SECONDS)).isSameAs(first);
				}
				assertThat(first.results()).singleElement().extracting(CheckResult::outcome).isEqualTo(Outcome.OK);
			}
			assertThat(server.connections()).isEqualTo(1);
			service.check(service.targets());
			assertThat(server.connections()).as("a round that finished is not reused").isEqualTo(2);
		}
	}

	@Test
	void concurrentIdenticalDiscoveredChecksShareOneRound() throws Exception {
		try (GatedServer server = new GatedServer()) {
			ChecksProperties properties = properties(Map.of());
			DiscoveredChecks checks = new DiscoveredChecks(factory(properties, (call) -> Expectation.unknown("test")));
			List<Target> targets = List.of(new Target("hello-svc:http", "discovered", Kind.TCP,
					"tcp://127.0.0.1:" + server.port()), new Target("auth-svc:http", "discovered", Kind.HTTP,
							"http://127.0.0.1:" + server.port() + "/"));
			try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<CheckReport> first = executor.submit(() -> checks.check(targets));
				assertThat(server.awaitConnections(2)).isTrue();
				Future<CheckReport> second = executor.submit(() -> checks.check(List.copyOf(targets)));
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (checks.joins() < 1 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				server.open();
				assertThat(checks.joins()).as("the second request joined the round in flight").isEqualTo(1);
				assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
			}
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void checksEveryTargetOfARoundInParallel() throws Exception {
		try (GatedServer server = new GatedServer()) {
			String url = "http://127.0.0.1:" + server.port() + "/";
			CheckService service = service(Map.of("a", target(url), "b", target(url), "c", target(url)),
					(target) -> Expectation.unknown("test"));
			try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<CheckReport> report = executor.submit(() -> service.check(service.targets()));
				// All three connections arrive while none has been answered: the checks do not wait for each other.
				assertThat(server.awaitConnections(3)).isTrue();
				server.open();
				assertThat(report.get(10, TimeUnit.SECONDS).results()).extracting(CheckResult::target)
					.containsExactly("a", "b", "c");
			}
		}
	}

	@Test
	void saysPlainlyWhenADeniedCallGotThrough() {
		CheckResult result = CheckService.result(new Target("auth", "peers", Kind.HTTP, "http://auth/"),
				new ProbeResult(Outcome.OK, 200, "10.0.0.1:80", "HTTP/1.1 200"), Duration.ofMillis(3),
				new Expectation(Expected.DENIED, "user-default-deny isolates user-app-pod for egress"));
		assertThat(result.agreement()).isEqualTo(Agreement.MISMATCH);
		assertThat(result.hint()).contains("network plugin may not enforce NetworkPolicy");
		assertThat(result.policy()).isEqualTo("user-default-deny isolates user-app-pod for egress");
	}

	@Test
	void keepsTheOutcomeHintWhenTheExpectationMatches() {
		CheckResult result = CheckService.result(new Target("auth", "peers", Kind.HTTP, "http://auth/"),
				new ProbeResult(Outcome.TIMEOUT, null, "10.0.0.1:80", "no answer"), Duration.ofMillis(3),
				new Expectation(Expected.DENIED, "denied"));
		assertThat(result.agreement()).isEqualTo(Agreement.MATCH);
		assertThat(result.hint()).isEqualTo(Outcome.TIMEOUT.hint());
	}

	@Test
	void aFailingExpectationSourceDoesNotBreakTheChecks() throws Exception {
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = closed.getLocalPort();
			closed.close();
			CheckService service = service(Map.of("peer", target("http://127.0.0.1:" + port + "/")), (target) -> {
				throw new IllegalStateException("forbidden: networkpolicies");
			});
			CheckResult result = service.check(service.targets()).results().get(0);
			assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
			assertThat(result.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(result.policy()).contains("forbidden: networkpolicies");
		}
	}

	@Test
	void letsTheExpectationSourceLookForChangesOnceAsEachRoundStarts() throws Exception {
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = closed.getLocalPort();
			closed.close();
			AtomicInteger rounds = new AtomicInteger();
			List<Integer> roundsSeenByExpect = Collections.synchronizedList(new ArrayList<>());
			ExpectationSource expectations = new ExpectationSource() {

				@Override
				public void roundStarting() {
					rounds.incrementAndGet();
				}

				@Override
				public Expectation expect(CallTarget call) {
					roundsSeenByExpect.add(rounds.get());
					return Expectation.unknown("test");
				}

			};
			CheckService service = service(Map.of("a", target("http://127.0.0.1:" + port + "/a"), "b",
					target("http://127.0.0.1:" + port + "/b")), expectations);
			service.check(service.targets());
			assertThat(rounds).hasValue(1);
			assertThat(roundsSeenByExpect).containsExactly(1, 1);
			service.check(service.targets());
			assertThat(rounds).hasValue(2);
		}
	}

	private static ChecksProperties.TargetProperties target(String url) {
		return new ChecksProperties.TargetProperties("peers", Kind.HTTP, url);
	}

	private static CheckService service(Map<String, ChecksProperties.TargetProperties> targets,
			ExpectationSource expectations) {
		ChecksProperties properties = properties(targets);
		return factory(properties, expectations).configured();
	}

	private static CheckFactory factory(ChecksProperties properties, ExpectationSource expectations) {
		return new CheckFactory(properties, prober(properties), expectations,
				new CheckMetrics(new SimpleMeterRegistry()), IDENTITY);
	}

	private static ChecksProperties properties(Map<String, ChecksProperties.TargetProperties> targets) {
		ChecksProperties.Timeouts timeouts = new ChecksProperties.Timeouts(Duration.ofSeconds(2),
				Duration.ofSeconds(10), Duration.ofSeconds(1));
		return new ChecksProperties(targets, timeouts, new ChecksProperties.Dns(List.of(), List.of(), 1, NO_FILE, NO_FILE),
				new ChecksProperties.Token("token", List.of()));
	}

	private static Prober prober(ChecksProperties properties) {
		return new Prober(new NameResolver(properties.dns(), properties.timeouts().dns()), properties.timeouts());
	}

	/**
	 * Accepts connections and holds every response until {@link #open()}, so a test can see what is in flight.
	 */
	private static final class GatedServer implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger connections = new AtomicInteger();

		private final CountDownLatch gate = new CountDownLatch(1);

		private final Thread acceptor = Thread.ofVirtual().start(this::accept);

		GatedServer() throws IOException {
		}

		int port() {
			return this.server.getLocalPort();
		}

		int connections() {
			return this.connections.get();
		}

		boolean awaitConnections(int count) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.connections.get() < count) {
				if (System.nanoTime() > deadline) {
					return false;
				}
				Thread.sleep(5);
			}
			return true;
		}

		void open() {
			this.gate.countDown();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.connections.incrementAndGet();
					Thread.ofVirtual().start(() -> answer(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void answer(Socket socket) {
			try (socket) {
				InputStream in = socket.getInputStream();
				in.read(new byte[4096]);
				this.gate.await(10, TimeUnit.SECONDS);
				OutputStream out = socket.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException | InterruptedException ex) {
				// The test is over.
			}
		}

		@Override
		public void close() throws IOException, InterruptedException {
			this.gate.countDown();
			this.server.close();
			this.acceptor.join(1000);
		}

	}

}
