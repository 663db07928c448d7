package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.ConnectivityDiff;
import io.netpoldemo.netpol.connections.DiffFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Exit codes as diff(1): 0 nothing changes, 1 something does, 2 the inputs or arguments cannot be used. */
@Command(name = "diff", mixinStandardHelpOptions = true,
		description = "What a change of configuration opens or closes: the connections added, removed or changed per "
				+ "workload pair (ref1 before, ref2 after), as netpol-analyzer's diff prints them. Exit code 0 when "
				+ "nothing changes, 1 when something does, 2 on bad input.")
final class DiffCommand implements Callable<Integer> {

	@Option(names = "--before", required = true, arity = "1..*", paramLabel = "PATH",
			description = "The configuration before: YAML files or directories.")
	List<Path> before;

	@Option(names = "--after", required = true, arity = "1..*", paramLabel = "PATH",
			description = "The configuration after: YAML files or directories.")
	List<Path> after;

	@Option(names = { "-n", "--namespace" }, defaultValue = ManifestLoader.DEFAULT_NAMESPACE,
			description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
	String namespace;

	@Option(names = { "-o", "--output" }, defaultValue = "txt", paramLabel = "FORMAT",
			description = "txt, json, csv or md (default: ${DEFAULT-VALUE}).")
	DiffFormat format;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		if (this.before.contains(ManifestLoader.STDIN) && this.after.contains(ManifestLoader.STDIN)) {
			throw new IllegalArgumentException("only one of --before and --after can read standard input (-)");
		}
		ConnectivityDiff diff = ConnectivityDiff.between(connections(this.before), connections(this.after));
		this.format.write(diff, this.spec.commandLine().getOut());
		return diff.isEmpty() ? 0 : 1;
	}

	private ConnectionList connections(List<Path> paths) {
		PrintWriter err = this.spec.commandLine().getErr();
		return new PolicyEvaluator(Inputs.read(paths, this.namespace, Inputs.stdin(this.spec), err).cluster())
			.connections();
	}

}
