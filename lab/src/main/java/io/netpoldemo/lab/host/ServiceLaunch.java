package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.lab.topology.LabException;

/**
 * How a pod's JVM starts a service jar from the JDK's AOT cache, as {@code make run} does, through the repository's
 * {@code bin/aot-cache}. A cache is bound to the path and modification time of the jars it was made from, so the
 * script extracts the module's jar into the cache's own folder and the pod runs that copy: a rebuild of the module
 * while the lab runs changes neither, and the next {@code up} makes both again. The folder is outside the lab's
 * state directory (which a pod cannot see) and outside the checkout (which its non-root user may not enter), and it
 * survives {@code down}, as a node keeps the images it pulled: the cache made at one {@code up} serves the next ones.
 *
 * <p>
 * A pod's environment is fixed by its Deployment, so the script also runs Spring's AOT processing in it
 * ({@code SPRING_AOT_ENV}): the service's beans are decided once, when the cache is made, rather than at each start of
 * each pod, which takes a fifth to a third off its CPU (docs/BENCHMARKS.md). The script runs in exactly the environment
 * the pod gets, so that the conditions it evaluates are the pod's; a change to it makes the cache again.
 */
final class ServiceLaunch {

	/** The parent of every lab's caches, one folder per lab prefix and module; readable by every pod's user. */
	static final Path CACHE_ROOT = Path.of("/var/cache/netpol-lab");

	/** A first training run of a Spring Boot service takes seconds alone, far more with two others on 2 cores. */
	private static final long TRAINING_TIMEOUT_SECONDS = 600;

	private ServiceLaunch() {
	}

	/**
	 * The java arguments that start the module from its AOT cache: {@code -XX:AOTCache=... -jar <extracted jar>}.
	 * @param settings the lab's settings
	 * @param module the Maven module, e.g. {@code user-service}
	 * @param jvmFlags the flags the pod's JVM runs with, for the training run
	 * @param env the Deployment's env the pod runs with, for Spring's AOT processing; {@code null} for none (pods of
	 * one module with different environments share its cache)
	 * @return the arguments after the JVM flags, or empty when the module starts plain (AOT=0, a JDK older than 25,
	 * a cache that cannot be made: the script has said why on standard error) or its jar is missing
	 */
	static Optional<List<String>> fromCache(LabSettings settings, String module, List<String> jvmFlags,
			Map<String, String> env) {
		Path jar = settings.jar(module);
		Path script = settings.repository().resolve("bin/aot-cache");
		if (!Files.isReadable(jar)) {
			return Optional.empty();
		}
		if (!Files.isExecutable(script)) {
			System.err.println("lab: no " + script + ": " + module + " starts without the AOT cache");
			return Optional.empty();
		}
		Path dir = CACHE_ROOT.resolve(settings.prefix()).resolve(module);
		PodReadable.folders(dir.getParent(), CACHE_ROOT);
		List<String> command = new ArrayList<>(List.of(script.toString(), jar.toString(), dir.toString()));
		command.addAll(jvmFlags);
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		if (env != null) {
			// The pod's environment, and the caller's AOT (AOT=0 make lab-up turns the cache off).
			String aot = builder.environment().get("AOT");
			PodProcesses.podEnvironment(builder.environment(), env);
			if (aot != null) {
				builder.environment().put("AOT", aot);
			}
			builder.environment().put("SPRING_AOT_ENV", String.join(" ", env.keySet()));
		}
		builder.environment().put("JAVA", settings.java().toString());
		try {
			Process process = builder.start();
			// A few short lines: they fit the pipe, so the script never waits for this read.
			if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new LabException("bin/aot-cache for " + module + " did not finish within "
						+ TRAINING_TIMEOUT_SECONDS + " s; AOT=0 make lab-up starts the pods without the cache");
			}
			List<String> launch = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
				.toList();
			if (process.exitValue() != 0 || launch.isEmpty() || !launch.get(0).startsWith("-XX:AOTCache=")) {
				return Optional.empty();
			}
			// Whatever the umask the script ran with, the pods' users read the cache and the jars beside it.
			PodReadable.tree(dir);
			return Optional.of(launch);
		}
		catch (IOException ex) {
			throw new LabException("cannot run bin/aot-cache for " + module + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while preparing " + module);
		}
	}

}
