package io.netpoldemo.user.trio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service jar of this repository started as a process of its own, as {@code make run} starts it: from the JDK's AOT
 * cache that {@code bin/aot-cache} makes once per build (beside the jar, in {@code <module>/target/aot}), or plain
 * where it cannot.
 */
final class ServiceJar {

	/**
	 * The flags the tests' service JVMs run with: a small JIT, as the lab's pods, and their temporary files (Tomcat's
	 * work folder) in the test JVM's own, under target/, so none is left in /tmp.
	 */
	static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1",
			"-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));

	static final String JAVA = ProcessHandle.current().info().command().orElse("java");

	private static final Path AOT_CACHE_SCRIPT = Path.of("..", "bin", "aot-cache");

	/** A first training run takes seconds alone, much longer on a busy machine. */
	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(10);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ServiceJar() {
	}

	/**
	 * What {@code bin/aot-cache} said.
	 *
	 * @param arguments the java arguments after the JVM flags: from the cache, or plain {@code -jar}
	 * @param messages its lines on standard error: training, or why the cache is not used
	 */
	record Launch(List<String> arguments, List<String> messages) {
	}

	static Path jar(String module) throws IOException {
		Path target = Path.of("..", module, "target");
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*.jar")) {
				for (Path jar : jars) {
					return jar;
				}
			}
		}
		throw new IllegalStateException("no " + module + " jar in " + target.toAbsolutePath().normalize()
				+ ": build it first with ./mvnw -pl " + module + " -am package (make test does)");
	}

	/** The launch of a module's jar, with its cache where {@code make run} keeps it. */
	static Launch launch(String module) throws IOException, InterruptedException {
		Path jar = jar(module);
		return launch(jar, jar.resolveSibling("aot"), Map.of());
	}

	static Launch launch(Path jar, Path dir, Map<String, String> environment)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(AOT_CACHE_SCRIPT.toString(), jar.toString(), dir.toString()));
		command.addAll(JVM_FLAGS);
		Path stderr = Files.createTempFile("aot-cache", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
			builder.environment().put("JAVA", JAVA);
			builder.environment().remove("AOT");
			builder.environment().putAll(environment);
			Process process = builder.start();
			byte[] stdout = process.getInputStream().readAllBytes();
			if (!process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + TRAINING_TIMEOUT);
			}
			List<String> messages = Files.readAllLines(stderr);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + messages);
			}
			return new Launch(new String(stdout).lines().toList(), messages);
		}
		finally {
			Files.deleteIfExists(stderr);
		}
	}

	static Process start(Launch launch, int port, Path log, Map<String, String> environment) throws IOException {
		List<String> command = new ArrayList<>(List.of(JAVA));
		command.addAll(JVM_FLAGS);
		command.addAll(launch.arguments());
		command.add("--server.port=" + port);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	static void awaitReady(int port, Duration timeout, Path log) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("the service on port " + port + " was not ready after " + timeout + ": see "
				+ log.toAbsolutePath().normalize());
	}

}
