package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.netpol.CallDiff;
import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
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
				+ "workload pair (ref1 before, ref2 after), as netpol-analyzer's diff prints them; with --from and --to, "
				+ "what it changes for the calls of one pod, as explain evaluates them. Exit code 0 when nothing "
				+ "changes, 1 when something does, 2 on bad input.")
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

	@Option(names = "--from", paramLabel = "NS/POD",
			description = "With --to: the calling pod, namespace/name or namespace/label=value.")
	String from;

	@Option(names = "--to", arity = "1..*", paramLabel = "TARGET",
			description = "With --from: the calls to compare, as explain takes them (NAME=TARGET names one).")
	List<String> targets;

	@Option(names = "--protocol", defaultValue = "TCP", description = "With --to: TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
	String protocol;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		if (this.before.contains(ManifestLoader.STDIN) && this.after.contains(ManifestLoader.STDIN)) {
			throw new IllegalArgumentException("only one of --before and --after can read standard input (-)");
		}
		if ((this.from == null) != (this.targets == null)) {
			throw new IllegalArgumentException("--from and --to go together: the calling pod and the calls to compare");
		}
		if (this.from != null) {
			return calls();
		}
		ConnectivityDiff diff = ConnectivityDiff.between(connections(this.before), connections(this.after));
		this.format.write(diff, this.spec.commandLine().getOut());
		return diff.isEmpty() ? 0 : 1;
	}

	private ConnectionList connections(List<Path> paths) {
		return evaluator(paths).connections();
	}

	private PolicyEvaluator evaluator(List<Path> paths) {
		PrintWriter err = this.spec.commandLine().getErr();
		return new PolicyEvaluator(Inputs.read(paths, this.namespace, Inputs.stdin(this.spec), err).cluster());
	}

	private String json(CallDiff diff) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("from", diff.from());
		document.put("protocol", Protocol.of(this.protocol).name());
		document.put("calls", diff.entries().stream().map((entry) -> {
			Map<String, Object> call = new LinkedHashMap<>();
			call.put("name", entry.name());
			call.put("target", entry.call().text());
			call.put("before", side(entry.before()));
			call.put("after", side(entry.after()));
			call.put("changed", entry.changed());
			return call;
		}).toList());
		try {
			return new ObjectMapper().writeValueAsString(document);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> side(Evaluation evaluation) {
		Map<String, Object> side = new LinkedHashMap<>();
		side.put("verdict", evaluation.verdict().name());
		side.put("stage", evaluation.stage().name());
		side.put("reason", evaluation.reason());
		return side;
	}

	/** The calls of one pod before and after, as a table or JSON. */
	private int calls() {
		if (this.format != DiffFormat.txt && this.format != DiffFormat.json) {
			throw new IllegalArgumentException("with --from and --to, -o is txt or json");
		}
		Map<String, CallTarget> calls = new LinkedHashMap<>();
		ExplainCommand.named(this.targets).forEach((name, call) -> calls.put(name, CallTarget.parse(call)));
		CallDiff diff = CallDiff.of(evaluator(this.before), evaluator(this.after), this.from, calls,
				Protocol.of(this.protocol));
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == DiffFormat.json) {
			out.println(json(diff));
		}
		else {
			int width = Math.max("TARGET".length(),
					diff.entries().stream().mapToInt((entry) -> entry.name().length()).max().orElse(0)) + 2;
			String row = "%-" + width + "s%-9s%-9s%-10s%s";
			out.println(String.format(row, "TARGET", "BEFORE", "AFTER", "CHANGE", "REASON"));
			for (CallDiff.Entry entry : diff.entries()) {
				out.println(String.format(row, entry.name(), entry.before().verdict(), entry.after().verdict(),
						entry.changed() ? "changed" : "same", entry.after().reason()));
				if (entry.changed()) {
					out.println(" ".repeat(width) + "before: " + entry.before().reason());
				}
			}
		}
		out.flush();
		return diff.isEmpty() ? 0 : 1;
	}

}
