package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
		description = "The verdict for calls from one pod, and the reasons: which policies isolate each end and which "
				+ "rule allows the call, or that none does.")
final class ExplainCommand implements Runnable {

	@Mixin
	Inputs inputs;

	@Option(names = "--from", required = true, paramLabel = "NS/POD",
			description = "The calling pod: namespace/name, or namespace/label=value for the first pod with that label.")
	String from;

	@Option(names = "--to", required = true, arity = "1..*", paramLabel = "TARGET",
			description = "NS/POD[:PORT], SERVICE[:PORT] (any DNS form), HOST:PORT, IP:PORT or URL; "
					+ "NAME=TARGET gives it a name in the summary. Repeatable.")
	List<String> targets;

	@Option(names = "--protocol", defaultValue = "TCP", description = "TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
	String protocol;

	@Option(names = "--brief", description = "Only the summary: verdict, stage and reason per target.")
	boolean brief;

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		PolicyEvaluator evaluator = this.inputs.evaluator(this.spec.commandLine().getErr());
		Protocol protocol = Protocol.of(this.protocol);
		Map<String, Evaluation> results = new LinkedHashMap<>();
		Map<String, String> names = named(this.targets);
		names.forEach((name, call) -> results.put(name, evaluator.call(this.from, call, protocol)));
		PrintWriter out = this.spec.commandLine().getOut();
		int width = Math.max("TARGET".length(), names.keySet().stream().mapToInt(String::length).max().orElse(0)) + 2;
		out.println(String.format("%-" + width + "s%-10s%-9s%s", "TARGET", "EXPECTED", "STAGE", "REASON"));
		results.forEach((name, evaluation) -> out.println(String.format("%-" + width + "s%-10s%-9s%s", name,
				evaluation.verdict(), (evaluation.stage() == Stage.NONE) ? "-" : evaluation.stage(),
				evaluation.reason())));
		if (!this.brief) {
			results.forEach((name, evaluation) -> {
				out.println();
				out.println(name + ((name.equals(names.get(name))) ? "" : " (" + names.get(name) + ")") + ": "
						+ evaluation.verdict() + ((evaluation.stage() == Stage.NONE) ? ""
								: " at " + evaluation.stage()));
				evaluation.explanation().forEach((line) -> out.println("  " + line));
			});
		}
		if (evaluator.dnsAssumed()) {
			out.println();
			out.println("note: the inputs hold no cluster DNS pod; the standard kube-dns (kube-system, "
					+ "k8s-app=kube-dns, UDP and TCP 53) was assumed");
		}
		out.flush();
	}

	/**
	 * The {@code --to} arguments by name: {@code NAME=TARGET} names a target, any other is named by its own text.
	 * @return each target's call text by name, in order
	 */
	static Map<String, String> named(List<String> targets) {
		Map<String, String> names = new LinkedHashMap<>();
		for (String target : targets) {
			int equals = target.indexOf('=');
			boolean named = equals > 0 && target.substring(0, equals).matches("[A-Za-z0-9_-]+");
			names.put(named ? target.substring(0, equals) : target, named ? target.substring(equals + 1) : target);
		}
		return names;
	}

}
