package io.netpoldemo.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netpoldemo.lab.topology.LabException;

/**
 * One short-lived host command (ip, nft, sysctl...), run with a deadline so that nothing the lab does can hang.
 *
 * @param args the program and its arguments
 */
public record Command(List<String> args) {

	private static final long TIMEOUT_SECONDS = 30;

	public static Command of(String... args) {
		return new Command(List.of(args));
	}

	/**
	 * The same command run inside a network namespace.
	 * @param netns the namespace
	 * @return {@code ip netns exec <netns> ...}
	 */
	public Command in(String netns) {
		List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", netns));
		all.addAll(this.args);
		return new Command(all);
	}

	/**
	 * Runs the command, feeding it the given input.
	 * @param stdin what to write to its standard input, or {@code null}
	 * @return what it printed
	 */
	public Result run(String stdin) {
		try {
			ProcessBuilder builder = new ProcessBuilder(this.args).redirectErrorStream(true);
			if (stdin == null) {
				builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			}
			Process process = builder.start();
			// Read on another thread, so a command that hangs with its pipe open still meets the deadline; started
			// before the input is written, so a command that prints before it has read all its input cannot fill
			// its output pipe and leave the write below waiting for ever.
			CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process),
					Thread.ofVirtual()::start);
			if (stdin != null) {
				try (var in = process.getOutputStream()) {
					in.write(stdin.getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// The command exited without reading all of it (a broken pipe): its exit code and output say why.
				}
			}
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new LabException(this + " did not finish within " + TIMEOUT_SECONDS + " s");
			}
			return new Result(process.exitValue(),
					new String(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8));
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new LabException("cannot read the output of " + this + ": " + ex.getMessage());
		}
		catch (IOException ex) {
			throw new LabException("cannot run " + this + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while running " + this);
		}
	}

	private static byte[] readAll(Process process) {
		try {
			return process.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs the command and fails with its output when it fails.
	 * @return what it printed
	 */
	public String check() {
		return run(null).orThrow(this);
	}

	@Override
	public String toString() {
		return String.join(" ", this.args);
	}

	/**
	 * What a command did.
	 *
	 * @param exitCode its exit code
	 * @param output its standard output and error, interleaved
	 */
	public record Result(int exitCode, String output) {

		public boolean ok() {
			return this.exitCode == 0;
		}

		public String orThrow(Command command) {
			if (!ok()) {
				throw new LabException("'" + command + "' failed (exit " + this.exitCode + "): " + this.output.strip());
			}
			return this.output;
		}

	}

}
