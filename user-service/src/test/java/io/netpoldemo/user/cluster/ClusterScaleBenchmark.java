package io.netpoldemo.user.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.user.check.Target;

/**
 * {@code make bench-cluster}: the user service against fabric8's mock API server holding a large cluster (by default
 * 20,000 pods in 200 namespaces, 2,000 Services, 1,000 NetworkPolicies, plus the demo), the server in a JVM of its
 * own, every connection on 127.0.0.1. Not a test: it prints figures, each with its goal or its baseline.
 * <ol>
 * <li>Heap the watches keep once synced: {@link ClusterState}'s reduced caches against plain informers holding the
 * whole objects (the baseline), measured in this JVM after a full GC.</li>
 * <li>A round of expectations (every default target, and the policies that select this pod), once synced: steady
 * rounds, and the first round after a change, which rebuilds the evaluator.</li>
 * <li>The user service's jar, synced with the large cluster: resident memory, against the same jar with the demo
 * alone (the baseline).</li>
 * </ol>
 */
public final class ClusterScaleBenchmark {

	static final int PODS = Integer.getInteger("pods", 20_000);

	static final int NAMESPACES = Integer.getInteger("namespaces", 200);

	static final int POLICIES = Integer.getInteger("policies", 1_000);

	static final String JAR = System.getProperty("jar", "user-service/target/user-service-0.1.0-SNAPSHOT.jar");

	static final List<String> SERVICE_FLAGS = Arrays.asList(System.getProperty("serviceFlags",
			"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xms8m -Xmx128m -XX:MinHeapFreeRatio=5 "
					+ "-XX:MaxHeapFreeRatio=15 -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1")
		.trim()
		.split("\\s+"));

	static final Path WORK = Path.of(System.getProperty("workDir", ".run/bench-cluster"));

	static final String JAVA = ProcessHandle.current().info().command().orElse("java");

	static final StringBuilder report = new StringBuilder();

	private ClusterScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Files.createDirectories(WORK);
		line("Run on %d cores, %s %s; the user service with `%s`.", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name"), System.getProperty("java.version"), String.join(" ", SERVICE_FLAGS));
		List<Process> started = new ArrayList<>();
		try {
			long seeding = System.nanoTime();
			int port = mockServer(started, PODS, NAMESPACES, POLICIES, "large");
			line("");
			line("Mock API server: %,d pods in %d namespaces, %,d Services, %,d NetworkPolicies, plus the demo; created in"
					+ " %,d s.", PODS, NAMESPACES, NAMESPACES * 10, POLICIES, (System.nanoTime() - seeding) / 1_000_000_000);
			try (KubernetesClient client = client(port)) {
				heapOfTheWatches(client);
				rounds(client);
			}
			int demoPort = mockServer(started, 0, 0, 0, "demo");
			long demoRss = serviceRss(started, demoPort, "demo");
			long largeRss = serviceRss(started, port, "large");
			line("");
			line("#### The user service's jar, synced");
			line("");
			line("| cluster | RSS once synced (goal at most 300 MiB) |");
			line("|---|---|");
			line("| the demo alone (baseline) | %,d MiB |", demoRss / 1024);
			line("| %,d pods, %,d policies | **%,d MiB**, %.2fx the baseline |", PODS, POLICIES, largeRss / 1024,
					(double) largeRss / demoRss);
		}
		finally {
			for (Process process : started) {
				process.destroy();
				if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
		}
		Files.writeString(WORK.resolve("report.md"), report);
		System.out.println();
		System.out.println("Report: " + WORK.resolve("report.md"));
	}

	/** Heap held by the caches: whole objects (plain informers) against {@link ClusterState}'s reduced ones. */
	private static void heapOfTheWatches(KubernetesClient client) throws InterruptedException {
		long empty = usedHeap();
		List<SharedIndexInformer<?>> whole = List.of(client.namespaces().inform(),
				client.pods().inAnyNamespace().inform(), client.services().inAnyNamespace().inform(),
				client.network().v1().networkPolicies().inAnyNamespace().inform());
		await("plain informers synced", () -> whole.stream().allMatch(SharedIndexInformer::hasSynced));
		long wholeBytes = usedHeap() - empty;
		whole.forEach(SharedIndexInformer::stop);
		empty = usedHeap();
		long reducedBytes;
		long withEvaluator;
		try (ClusterState state = new ClusterState(client)) {
			await("reduced watches synced",
					() -> state.pods().size() >= PODS && state.policies().size() >= POLICIES);
			reducedBytes = usedHeap() - empty;
			await("evaluator built", () -> state.evaluator().evaluator() != null);
			withEvaluator = usedHeap() - empty;
		}
		int pods = PODS + 4;
		line("");
		line("#### Heap held by the watches once synced (after a full GC)");
		line("");
		line("| caches | heap | per pod | |");
		line("|---|---|---|---|");
		line("| whole objects, plain informers | %,d MiB | %,d bytes | baseline |", wholeBytes >> 20, wholeBytes / pods);
		line("| reduced (`EvaluatedFields`) | **%,d MiB** | %,d bytes | **%.2fx** |", reducedBytes >> 20,
				reducedBytes / pods, (double) reducedBytes / wholeBytes);
		line("| reduced, and the evaluator built over them | %,d MiB | %,d bytes | %.2fx |", withEvaluator >> 20,
				withEvaluator / pods, (double) withEvaluator / wholeBytes);
	}

	/** Rounds of expectations for the default targets, as the board and {@code /check/all} ask them. */
	private static void rounds(KubernetesClient client) throws InterruptedException {
		List<Target> targets = ClusterExpectationsTests.TARGETS;
		try (PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
				ClusterExpectationsTests.USER_POD)) {
			await("expectations known", () -> !expectations.expect(targets.get(0).call()).policy().contains("not listed"));
			// Settled: the mock API server replays objects to a new watch for a while after the first listing, and each
			// replay is a change; steady rounds are measured once the objects stay the same for 2 s.
			PolicyEvaluator settled;
			do {
				settled = expectations.state().evaluator().evaluator();
				Thread.sleep(2000);
			}
			while (settled != expectations.state().evaluator().evaluator());
			for (int i = 0; i < 50; i++) {
				round(expectations, targets);
			}
			List<Long> steady = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				steady.add(round(expectations, targets));
			}
			// A round that comes a little after the change, as rounds come every few seconds: the watch's own build
			// has run by then. And the worst case: a round that starts the moment the cache holds the change, and so
			// waits for that build.
			List<Long> afterChange = new ArrayList<>();
			List<Long> atChange = new ArrayList<>();
			for (int i = 0; i < 14; i++) {
				int before = expectations.state().pods().size();
				client.pods()
					.inNamespace(ScaleMockApiServer.namespace(0))
					.resource(ScaleMockApiServer.pod(0, 100_000 + i))
					.create();
				boolean atOnce = i % 2 == 1;
				await("the new pod seen", () -> expectations.state().pods().size() > before, atOnce ? 1 : 100);
				if (!atOnce) {
					Thread.sleep(500);
				}
				(atOnce ? atChange : afterChange).add(round(expectations, targets));
				Thread.sleep(500);
			}
			line("");
			line("#### A round of expectations for the %d default targets, once synced (goal at most 50 ms)",
					targets.size());
			line("");
			line("| round | median | max | |");
			line("|---|---|---|---|");
			line("| steady (200 rounds) | %.2f ms | %.2f ms | baseline |", median(steady) / 1e6,
					Collections.max(steady) / 1e6);
			line("| first 0.5 s after a pod is added (7 rounds; the watch's build has run) | **%.1f ms** | %.1f ms | %.1fx |",
					median(afterChange) / 1e6, Collections.max(afterChange) / 1e6,
					(double) median(afterChange) / median(steady));
			line("| first the moment the cache holds a new pod (7 rounds; it waits for the build) | **%.1f ms** | %.1f ms"
					+ " | %.1fx |", median(atChange) / 1e6, Collections.max(atChange) / 1e6,
					(double) median(atChange) / median(steady));
			line("");
			line("Expectations of that round: %s", targets.stream()
				.map((target) -> target.name() + " " + expectations.expect(target.call()).expected())
				.toList());
		}
	}

	private static long round(PolicyExpectations expectations, List<Target> targets) {
		long start = System.nanoTime();
		expectations.roundStarting();
		for (Target target : targets) {
			expectations.expect(target.call());
		}
		expectations.selectingPolicies();
		return System.nanoTime() - start;
	}

	/** Starts the user service's jar as the demo's user pod against the mock API, returns VmRSS in KiB once synced. */
	private static long serviceRss(List<Process> started, int apiPort, String name) throws Exception {
		int httpPort = freePort();
		int closedDns = freePort();
		List<String> command = new ArrayList<>(List.of(JAVA));
		command.addAll(SERVICE_FLAGS);
		// Tomcat's work folder in the benchmark's own folder, not left behind in /tmp.
		Path tmp = Files.createDirectories(WORK.resolve("tmp-" + name));
		command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-jar", JAR, "--server.address=127.0.0.1", "--server.port=" + httpPort,
				"--spring.main.cloud-platform=kubernetes",
				"--spring.cloud.kubernetes.client.master-url=http://127.0.0.1:" + apiPort,
				"--spring.cloud.kubernetes.client.namespace=" + DemoCluster.NAMESPACE,
				// Names resolve nowhere: a closed loopback port answers every DNS query, so no probe leaves 127.0.0.1.
				"--checks.dns.servers=127.0.0.1:" + closedDns, "--checks.dns.hosts-file=/nonexistent/hosts"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(WORK.resolve("user-service-" + name + ".log").toFile());
		builder.environment().putAll(java.util.Map.of("POD_NAME", "user-app-0", "POD_NAMESPACE", DemoCluster.NAMESPACE,
				"POD_IP", "10.244.0.10", "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
				"false", "KUBERNETES_NAMESPACE", DemoCluster.NAMESPACE));
		Process service = builder.start();
		started.add(service);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		await("user service (" + name + ") synced", () -> {
			try {
				String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/check/auth"))
					.timeout(Duration.ofSeconds(20))
					.build(), HttpResponse.BodyHandlers.ofString()).body();
				return body.contains("\"expected\":\"ALLOWED\"");
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
		// A few board rounds after the sync, so that what a round allocates is part of the figure.
		Thread.sleep(10_000);
		long rss = Files.readAllLines(Path.of("/proc/" + service.pid() + "/status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElseThrow();
		service.destroy();
		service.waitFor();
		return rss;
	}

	private static int mockServer(List<Process> started, int pods, int namespaces, int policies, String name)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(JAVA, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
				ScaleMockApiServer.class.getName(), String.valueOf(pods), String.valueOf(namespaces),
				String.valueOf(policies))
			.redirectError(WORK.resolve("mock-api-" + name + ".log").toFile());
		Process server = builder.start();
		started.add(server);
		BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("READY ")) {
				return Integer.parseInt(line.substring(6).trim());
			}
		}
		throw new IllegalStateException("the mock API server stopped before it was ready: see "
				+ WORK.resolve("mock-api-" + name + ".log"));
	}

	private static KubernetesClient client(int port) {
		Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
			.withRequestTimeout(120_000)
			.withConnectionTimeout(5_000)
			.build();
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	private static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void await(String what, BooleanSupplier done) throws InterruptedException {
		await(what, done, 100);
	}

	private static void await(String what, BooleanSupplier done, long pollMillis) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("timed out waiting for " + what);
			}
			Thread.sleep(pollMillis);
		}
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void line(String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		System.out.println(text);
		report.append(text).append('\n');
	}

}
