package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.lab.topology.LabException;

/**
 * How a pod's JVM starts a service jar: from the JDK's AOT cache when it can, as {@code make run} does, through the
 * repository's {@code bin/aot-cache}. The cache is bound to the path and modification time of the jars it was made
 * from, so it is made on the lab's own copy, the one the pods run, and kept in the lab's directory where the pods'
 * non-root user can read it. The copy keeps the jar's modification time, so the cache made at one {@code up} serves
 * every later one until the module is rebuilt.
 */
final class ServiceLaunch {

	/** A first training run of a Spring Boot service takes seconds alone, more with two others on 2 cores. */
	private static final long TRAINING_TIMEOUT_SECONDS = 600;

	private ServiceLaunch() {
	}

	/**
	 * The launches of several modules, prepared side by side: a first {@code up} after a build trains them at once.
	 * @param settings the lab's settings
	 * @param modules the Maven modules
	 * @param jvmFlags the flags the pods' JVMs run with
	 * @return the java arguments of each module
	 */
	static Map<String, List<String>> of(LabSettings settings, Collection<String> modules, List<String> jvmFlags) {
		Map<String, CompletableFuture<List<String>>> running = new LinkedHashMap<>();
		for (String module : new LinkedHashSet<>(modules)) {
			running.put(module, CompletableFuture.supplyAsync(() -> of(settings, module, jvmFlags),
					Thread.ofVirtual()::start));
		}
		Map<String, List<String>> launches = new LinkedHashMap<>();
		try {
			for (var entry : running.entrySet()) {
				launches.put(entry.getKey(), entry.getValue().join());
			}
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof LabException problem) ? problem : ex;
		}
		return launches;
	}

	/**
	 * The java arguments that start the module's jar: {@code -XX:AOTCache=... -jar copy} or {@code -jar copy}.
	 * @param settings the lab's settings
	 * @param module the Maven module, e.g. {@code user-service}
	 * @param jvmFlags the flags the pod's JVM runs with, for the training run
	 * @return the arguments after the JVM flags
	 */
	static List<String> of(LabSettings settings, String module, List<String> jvmFlags) {
		Path jar = copy(settings, module);
		List<String> command = new ArrayList<>(List.of(settings.repository().resolve("bin/aot-cache").toString(),
				jar.toString(), settings.stateDir().resolve("aot").resolve(module).toString()));
		command.addAll(jvmFlags);
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().put("JAVA", settings.java().toString());
		try {
			Process process = builder.start();
			// The arguments are a few short lines: they fit the pipe, so reading after the exit cannot block.
			if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new LabException("bin/aot-cache for " + module + " did not finish within "
						+ TRAINING_TIMEOUT_SECONDS + " s; AOT=0 make lab-up starts the pods without the cache");
			}
			List<String> launch = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
				.toList();
			if (process.exitValue() != 0 || launch.isEmpty()) {
				throw new LabException("bin/aot-cache for " + module + " failed (exit " + process.exitValue() + ")");
			}
			return launch;
		}
		catch (IOException ex) {
			throw new LabException("cannot run bin/aot-cache for " + module + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while preparing " + module);
		}
	}

	/**
	 * A copy of the module's jar in the lab's directory, as a node pulls an image: a rebuild of the module while the
	 * lab runs must not pull classes out from under a running JVM. Copied again only when the jar changed.
	 */
	private static Path copy(LabSettings settings, String module) {
		Path jar = settings.jar(module);
		if (!Files.isReadable(jar)) {
			throw new LabException(jar + " is missing: build it with ./mvnw -B -ntp -pl " + module
					+ " -am -DskipTests package");
		}
		Path copy = settings.stateDir().resolve("jars").resolve(jar.getFileName());
		try {
			if (Files.exists(copy) && Files.size(copy) == Files.size(jar)
					&& Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
				return copy;
			}
			Files.createDirectories(copy.getParent());
			Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
		}
		catch (IOException ex) {
			throw new LabException("cannot copy " + jar + " to " + copy + ": " + ex.getMessage());
		}
		return copy;
	}

}
