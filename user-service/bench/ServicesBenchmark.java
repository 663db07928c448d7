import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.netpoldemo.user.check.DroppingPort;

/**
 * The services benchmark behind {@code make bench-services}: JDK only, run from source
 * with the user service's test classes on the class path, for {@code DroppingPort}
 * ({@code java -cp user-service/target/test-classes user-service/bench/ServicesBenchmark.java}). Every figure is a ratio to a baseline measured in the
 * same run, or an absolute figure with its goal. All traffic stays on 127.0.0.1.
 */
public class ServicesBenchmark {

	static final String VERSION = System.getProperty("version", "0.1.0-SNAPSHOT");

	static final Path WORK = Path.of(System.getProperty("workDir", ".run/bench-services"));

	static final List<String> JVM_FLAGS = Arrays.asList(System.getProperty("jvmFlags",
			"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=10").trim().split("\\s+"));

	static final int LOAD_CLIENTS = Integer.getInteger("loadClients", 200);

	static final Duration LOAD_DURATION = Duration.ofSeconds(Integer.getInteger("loadSeconds", 30));

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final String TOKEN = "bench-token";

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final List<String> TARGETS = List.of("auth", "hello", "argocd", "kube-dns", "github", "httpbin");

	static final StringBuilder report = new StringBuilder();

	public static void main(String[] args) throws Exception {
		Files.createDirectories(WORK);
		String java = ProcessHandle.current().info().command().orElse("java");
		line("Run on %d cores, %s, JVM flags `%s`.", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), String.join(" ", JVM_FLAGS));
		line("");
		startupAndMemory(java);
		List<DroppingPort> dropping = new ArrayList<>();
		try (AutoCloseable closeAll = () -> closeAll(dropping)) {
			for (int i = 0; i < TARGETS.size(); i++) {
				dropping.add(new DroppingPort());
			}
			droppedTargets(java, dropping);
		}
		allTargetsUp(java);
		Path out = WORK.resolve("report.md");
		Files.writeString(out, report);
		System.out.println();
		System.out.println("Written to " + out);
	}

	// --- time to ready and memory, plain java -jar against the JDK's AOT cache -------------------------------------

	static void startupAndMemory(String java) throws Exception {
		boolean aot = Runtime.version().feature() >= 25;
		line("### Time to ready and resident memory after 1,000 requests");
		line("");
		line("| service | ready, `java -jar` | ready, AOT cache (goal: at most 0.6x) | AOT / plain | stop when idle, "
				+ "SIGTERM to exit (goal < 1 s) | RSS after 1,000 requests (goal < 150 MiB) |");
		line("|---|---|---|---|---|---|");
		int authPort = freePort();
		int helloPort = freePort();
		for (String service : List.of("auth-service", "helloworld-service", "user-service")) {
			int port = switch (service) {
				case "auth-service" -> authPort;
				case "helloworld-service" -> helloPort;
				default -> freePort();
			};
			List<String> appArgs = appArgs(service, port, authPort, helloPort);
			Path jar = Path.of(service, "target", service + "-" + VERSION + ".jar");
			Started plain = start(java, List.of("-jar", jar.toString()), appArgs, port, service + "-plain");
			String path = requestPath(service);
			for (int i = 0; i < 1000; i++) {
				get(port, path, Duration.ofSeconds(10));
			}
			long rss = rssKiB(plain.process().pid());
			if (!service.equals("user-service")) {
				// The user service's startup run below checks the peers, so they stay up until then.
				plain.keepForLater();
			}
			else {
				plain.stop();
			}
			String aotCell = "not available (JDK " + Runtime.version().feature() + ")";
			String ratio = "-";
			String stop = "-";
			if (aot) {
				// The peers' AOT runs need a port of their own: the plain runs still serve the user service's checks.
				int aotPort = service.equals("user-service") ? port : freePort();
				List<String> aotArgs = appArgs(service, aotPort, authPort, helloPort);
				List<String> cached = aotCommand(java, service, jar);
				Started withCache = start(java, cached, aotArgs, aotPort, service + "-aot");
				aotCell = ms(withCache.readyMs());
				ratio = ratio(withCache.readyMs(), plain.readyMs());
				stop = ms(withCache.stop());
			}
			line("| %s | %s | %s | %s | %s | %.0f MiB |", service, ms(plain.readyMs()), aotCell, ratio, stop,
					rss / 1024.0);
		}
		Started.stopKept();
		line("");
	}

	static String requestPath(String service) {
		return switch (service) {
			case "auth-service" -> "/authenticate";
			case "helloworld-service" -> "/";
			default -> "/check/peers";
		};
	}

	static List<String> appArgs(String service, int port, int authPort, int helloPort) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port));
		if (service.equals("user-service")) {
			args.add("--checks.targets.auth.url=http://127.0.0.1:" + authPort + "/authenticate");
			args.add("--checks.targets.hello.url=http://127.0.0.1:" + helloPort + "/");
			// Outside names fail at once against a closed local port instead of asking the machine's resolver.
			args.add("--checks.dns.servers=127.0.0.1:" + closedUdpPort());
		}
		return args;
	}

	/**
	 * The launch {@code make run} uses, with its cache ({@code <module>/target/aot}): {@code bin/aot-cache} makes the
	 * JDK 25 AOT cache (JEP 483/514) once per build by a training run on the extracted jar, and prints the java
	 * arguments that start from it.
	 */
	static List<String> aotCommand(String java, String service, Path jar) throws Exception {
		List<String> command = new ArrayList<>(List.of("bin/aot-cache", jar.toString(),
				jar.resolveSibling("aot").toString()));
		command.addAll(JVM_FLAGS);
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("JAVA", java);
		builder.environment().remove("AOT");
		Process process = builder.start();
		List<String> launch = new String(process.getInputStream().readAllBytes()).lines().toList();
		if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0 || launch.isEmpty()
				|| !launch.get(0).startsWith("-XX:AOTCache=")) {
			process.destroyForcibly();
			throw new IllegalStateException("no AOT cache for " + service + " (see the line above): " + launch);
		}
		return launch;
	}

	// --- dropped packets ----------------------------------------------------------------------------------------

	static void droppedTargets(String java, List<DroppingPort> dropping) throws Exception {
		int port = freePort();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port));
		for (int i = 0; i < TARGETS.size(); i++) {
			String target = TARGETS.get(i);
			String address = "127.0.0.1:" + dropping.get(i).port();
			args.add("--checks.targets." + target + ".url="
					+ (target.equals("kube-dns") ? "tcp://" + address : "http://" + address + "/"));
		}
		Started user = start(java, List.of("-jar", Path.of("user-service", "target", "user-service-" + VERSION + ".jar")
			.toString()), args, port, "user-service-dropped");
		try {
			get(port, "/check/all", Duration.ofSeconds(10));
			List<Long> walls = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = get(port, "/check/all", Duration.ofSeconds(10));
				walls.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				if (!response.body().contains("\"outcome\":\"TIMEOUT\"")) {
					throw new IllegalStateException("expected TIMEOUT outcomes, got " + response.body());
				}
			}
			long median = median(walls);
			line("### `/check/all` when every target drops packets");
			line("");
			line("Six targets, each a loopback port whose SYNs are dropped; connect timeout %s. Median of 5 rounds: "
					+ "%s, **%s the connect timeout** (goal: at most 1.2).", ms(CONNECT_TIMEOUT.toMillis()), ms(median),
					ratio(median, CONNECT_TIMEOUT.toMillis()));
			line("");
			underLoad(port);
		}
		finally {
			user.stop();
		}
	}

	static void underLoad(int port) throws Exception {
		double probesBefore = probes(port);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger served = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		List<Long> healthNanos = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger healthErrors = new AtomicInteger();
		HttpClient loadClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
			.executor(Executors.newVirtualThreadPerTaskExecutor()).build();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < LOAD_CLIENTS; i++) {
				clients.submit(() -> {
					while (running.get()) {
						try {
							HttpResponse<Void> response = loadClient.send(request(port, "/check/all", Duration.ofSeconds(15)),
									HttpResponse.BodyHandlers.discarding());
							(response.statusCode() >= 500 ? errors : served).incrementAndGet();
						}
						catch (IOException ex) {
							errors.incrementAndGet();
						}
					}
					return null;
				});
			}
			clients.submit(() -> {
				while (running.get()) {
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = get(port, "/actuator/health/readiness", Duration.ofSeconds(5));
						if (response.statusCode() != 200) {
							healthErrors.incrementAndGet();
						}
					}
					catch (IOException ex) {
						healthErrors.incrementAndGet();
					}
					healthNanos.add(System.nanoTime() - start);
					Thread.sleep(20);
				}
				return null;
			});
			Thread.sleep(LOAD_DURATION.toMillis());
			running.set(false);
		}
		double probes = probes(port) - probesBefore;
		List<Long> sorted = new ArrayList<>(healthNanos);
		Collections.sort(sorted);
		double p50 = sorted.get(sorted.size() / 2) / 1e6;
		double p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
		line("### Health while %d clients hammer `/check/all` against dropped targets for %d s", LOAD_CLIENTS,
				LOAD_DURATION.toSeconds());
		line("");
		line("| figure | value | goal |");
		line("|---|---|---|");
		line("| readiness latency p50 / p99 (%d samples) | %.1f ms / **%.1f ms** | p99 < 200 ms |", sorted.size(), p50, p99);
		line("| readiness failures | %d | 0 |", healthErrors.get());
		line("| `/check/all` answered / 5xx or failed | %d / %d | no 5xx |", served.get(), errors.get());
		line("| outbound connection attempts (probes) | %.0f, %.2f per answered request | bounded: one round of %d "
				+ "per %s, shared |", probes, probes / Math.max(1, served.get()), TARGETS.size(), ms(CONNECT_TIMEOUT.toMillis()));
		line("");
	}

	static double probes(int port) throws Exception {
		String metrics = get(port, "/actuator/prometheus", Duration.ofSeconds(10)).body();
		Matcher matcher = Pattern.compile("(?m)^checks_results_total\\{[^}]*\\} ([0-9.eE+]+)$").matcher(metrics);
		double sum = 0;
		while (matcher.find()) {
			sum += Double.parseDouble(matcher.group(1));
		}
		return sum;
	}

	// --- every target up ------------------------------------------------------------------------------------------

	static void allTargetsUp(String java) throws Exception {
		HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		for (String target : TARGETS) {
			long delay = 50L * (TARGETS.indexOf(target) + 1);
			stub.createContext("/" + target, (exchange) -> {
				try {
					Thread.sleep(delay);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
		}
		stub.start();
		int port = freePort();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port));
		for (String target : TARGETS) {
			String url = "127.0.0.1:" + stub.getAddress().getPort() + "/" + target;
			args.add("--checks.targets." + target + ".kind=http");
			args.add("--checks.targets." + target + ".url=http://" + url);
		}
		Started user = start(java, List.of("-jar", Path.of("user-service", "target", "user-service-" + VERSION + ".jar")
			.toString()), args, port, "user-service-up");
		try {
			for (int i = 0; i < 3; i++) {
				get(port, "/check/all", Duration.ofSeconds(10));
			}
			long slowest = 0;
			String slowestName = "";
			for (String target : TARGETS) {
				long single = medianWall(port, "/check/" + target);
				if (single > slowest) {
					slowest = single;
					slowestName = target;
				}
			}
			long all = medianWall(port, "/check/all");
			line("### `/check/all` with every target up");
			line("");
			line("Six HTTP targets on a local stub answering after 50 to 300 ms. Slowest single check (`/check/%s`, "
					+ "median of 5): %s; `/check/all` (median of 5): %s, **%s the slowest single check** "
					+ "(goal: at most 1.5).", slowestName, ms(slowest), ms(all), ratio(all, slowest));
			line("");
		}
		finally {
			user.stop();
			stub.stop(0);
		}
	}

	static long medianWall(int port, String path) throws Exception {
		List<Long> walls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = get(port, path, Duration.ofSeconds(10));
			walls.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
			if (response.statusCode() != 200 || response.body().contains("\"outcome\":\"TIMEOUT\"")) {
				throw new IllegalStateException(path + " did not succeed: " + response.body());
			}
		}
		return median(walls);
	}

	// --- processes and HTTP -----------------------------------------------------------------------------------------

	record Started(Process process, long readyMs) {

		static final List<Started> kept = new ArrayList<>();

		void keepForLater() {
			kept.add(this);
		}

		/** SIGTERM, then SIGKILL after 20 s; returns how long it took to exit. */
		long stop() throws InterruptedException {
			long start = System.nanoTime();
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		}

		static void stopKept() throws InterruptedException {
			for (Started started : kept) {
				started.stop();
			}
			kept.clear();
		}

	}

	static Started start(String java, List<String> launch, List<String> appArgs, int port, String name)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(JVM_FLAGS);
		// Tomcat's work folder in the benchmark's own folder, not left behind in /tmp.
		command.add("-Djava.io.tmpdir=" + Files.createDirectories(WORK.resolve("tmp")).toAbsolutePath());
		command.addAll(launch);
		command.addAll(appArgs);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(WORK.resolve(name + ".log").toFile());
		builder.environment().put("AUTH_DEMO_TOKEN", TOKEN);
		long start = System.nanoTime();
		Process process = builder.start();
		long deadline = start + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited: see " + WORK.resolve(name + ".log"));
			}
			try {
				if (get(port, "/actuator/health/readiness", Duration.ofSeconds(1)).statusCode() == 200) {
					return new Started(process, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(10);
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " not ready within 120 s: see " + WORK.resolve(name + ".log"));
	}

	static void run(List<String> command, Path log) throws Exception {
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(180, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("timed out: " + String.join(" ", command));
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("failed (" + process.exitValue() + "), see " + log + ": " + String.join(" ", command));
		}
	}

	static HttpRequest request(int port, String path, Duration timeout) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
		if (path.equals("/authenticate")) {
			builder.header("Authorization", "Bearer " + TOKEN);
		}
		return builder.build();
	}

	static HttpResponse<String> get(int port, String path, Duration timeout) throws IOException, InterruptedException {
		return HTTP.send(request(port, path, timeout), HttpResponse.BodyHandlers.ofString());
	}

	static long rssKiB(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static int closedUdpPort() {
		try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	static String ms(long millis) {
		return String.format(Locale.ROOT, "%,d ms", millis);
	}

	static String ratio(long value, long baseline) {
		return String.format(Locale.ROOT, "%.2fx", (double) value / baseline);
	}

	static void line(String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		report.append(text).append('\n');
		System.out.println(text);
	}

	static void closeAll(List<DroppingPort> ports) throws IOException {
		for (DroppingPort port : ports) {
			port.close();
		}
	}

}
