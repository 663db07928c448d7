package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;

import io.netpoldemo.netpol.ManifestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netpol}: what the NetworkPolicies in ordinary Kubernetes YAML allow, and why. Exit codes: 0 done, 1 lint
 * findings, 2 invalid input or arguments.
 */
@Command(name = "netpol", mixinStandardHelpOptions = true, version = "netpol 0.1.0",
		description = "What Kubernetes NetworkPolicies allow, and why, from ordinary YAML (no cluster needed).",
		subcommands = { ReachabilityCommand.class, ExplainCommand.class, LintCommand.class, ListCommand.class,
				DiffCommand.class })
public final class NetpolCommand implements Runnable {

	/** Exit code for input the tool cannot read and arguments it cannot use. */
	static final int INVALID = 2;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/** Runs the command line with the given output streams; returns the exit code. */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new NetpolCommand());
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			if (ex instanceof ManifestException || ex instanceof IllegalArgumentException) {
				line.getErr().println("netpol: " + ex.getMessage());
				return INVALID;
			}
			throw ex;
		});
		return commandLine.execute(args);
	}

	@Override
	public void run() {
		this.spec.commandLine().usage(this.spec.commandLine().getOut());
	}

}
