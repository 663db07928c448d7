package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;

import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.connections.ListFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true,
		description = "Every allowed connection between workloads, and between them and address ranges outside the "
				+ "cluster, over every port of TCP, UDP and SCTP, as netpol-analyzer lists them: "
				+ "ns/src[Deployment] => ns/dst[Deployment] : TCP 80,8080-8090,UDP 53.")
final class ListCommand implements Runnable {

	@Mixin
	Inputs inputs;

	@Option(names = { "-o", "--output" }, defaultValue = "txt", paramLabel = "FORMAT",
			description = "txt, json, csv, md, dot or mermaid (default: ${DEFAULT-VALUE}).")
	ListFormat format;

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		PrintWriter err = this.spec.commandLine().getErr();
		PolicyEvaluator evaluator = this.inputs.evaluator(err);
		int uncertain = this.format.write(evaluator.connections(), this.spec.commandLine().getOut());
		if (uncertain > 0) {
			err.println("netpol: warning: " + uncertain + " pair" + ((uncertain == 1) ? " has" : "s have")
					+ " connections the inputs cannot decide (a pod without an IP against an ipBlock, or a namespace"
					+ " whose labels are not in the inputs); they are left out here, -o json lists them as uncertain");
			err.flush();
		}
	}

}
