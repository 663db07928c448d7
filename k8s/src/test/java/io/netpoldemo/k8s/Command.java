package io.netpoldemo.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs a command of this machine (kubectl, make) with a deadline, and finds out whether one is installed.
 *
 * @param exitCode the exit code
 * @param output what it printed, standard output and error together
 */
record Command(int exitCode, String output) {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	static Command run(Path directory, List<String> command) {
		return run(directory, command, List.of());
	}

	/** Runs {@code command} without the named environment variables, so that the caller's setting cannot leak in. */
	static Command run(Path directory, List<String> command, List<String> unset) {
		return run(directory, command, unset, Map.of());
	}

	/** Runs {@code command} without the {@code unset} environment variables and with those of {@code set}. */
	static Command run(Path directory, List<String> command, List<String> unset, Map<String, String> set) {
		try {
			Path output = Files.createTempFile("k8s-command", ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile());
				unset.forEach(builder.environment()::remove);
				builder.environment().putAll(set);
				Process process = builder.start();
				if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
					return fail("%s did not finish within %s", command, DEADLINE);
				}
				return new Command(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			return fail("cannot run %s: %s", command, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fail("interrupted while running %s", command);
		}
	}

	/**
	 * Skips the calling test when {@code tool} is not on the PATH, saying so, except in CI ({@code CI=true}) where a
	 * missing tool is a failure: CI installs everything the tests need.
	 */
	static void require(String tool, String why) {
		boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, tool)));
		String message = tool + " is not installed: " + why;
		if ("true".equals(System.getenv("CI"))) {
			if (!found) {
				fail(message + " (CI=true: a missing tool fails the build instead of skipping)");
			}
			return;
		}
		assumeTrue(found, message + "; skipped");
	}

}
