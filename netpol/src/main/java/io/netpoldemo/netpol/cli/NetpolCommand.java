package io.netpoldemo.netpol.cli;

import java.io.InputStream;
import java.io.PrintWriter;

import io.netpoldemo.netpol.ManifestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netpol}: what the NetworkPolicies in ordinary Kubernetes YAML allow, and why. Exit codes: 0 done, 1 lint
 * findings, 2 invalid input or arguments, or a failure the tool did not foresee (one line on standard error, never a
 * stack trace).
 */
@Command(name = "netpol", mixinStandardHelpOptions = true, version = "netpol 0.1.0",
		description = "What Kubernetes NetworkPolicies allow, and why, from ordinary YAML (no cluster needed).",
		subcommands = { ReachabilityCommand.class, ExplainCommand.class, LintCommand.class })
public final class NetpolCommand implements Runnable {

	/** Exit code for input the tool cannot read and arguments it cannot use. */
	static final int INVALID = 2;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	private final InputStream stdin;

	NetpolCommand(InputStream stdin) {
		this.stdin = stdin;
	}

	public static void main(String[] args) {
		System.exit(run(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/** Runs the command line with the given output streams and the process's standard input; returns the exit code. */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		return run(System.in, out, err, args);
	}

	/** Runs the command line with the given streams; returns the exit code. */
	public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = commandLine(in, out, err);
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> exitCode(ex, line.getErr()));
		return commandLine.execute(args);
	}

	/**
	 * The command line without the last-resort handler: an exception other than bad input propagates, so a test can
	 * tell a bug from a refusal.
	 */
	static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new NetpolCommand(in));
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			if (isBadInput(ex)) {
				return exitCode(ex, line.getErr());
			}
			throw ex;
		});
		return commandLine;
	}

	static boolean isBadInput(Exception ex) {
		return ex instanceof ManifestException || ex instanceof IllegalArgumentException;
	}

	/**
	 * The exit code for an exception, with one line on {@code err}: bad input names what was wrong; anything else is
	 * a bug, reported as one, since a stack trace helps nobody who only ran a command.
	 */
	static int exitCode(Exception ex, PrintWriter err) {
		if (isBadInput(ex)) {
			err.println("netpol: " + ex.getMessage());
		}
		else {
			err.println("netpol: internal error: " + ex + " (a bug in netpol; please report it with the input)");
		}
		err.flush();
		return INVALID;
	}

	InputStream stdin() {
		return this.stdin;
	}

	@Override
	public void run() {
		this.spec.commandLine().usage(this.spec.commandLine().getOut());
	}

}
