package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reachability", mixinStandardHelpOptions = true,
		description = "The matrix over all pods for one port: '.' allowed, 'X' denied, '?' unknown (rows: from).")
final class ReachabilityCommand implements Runnable {

	enum Format {

		table, json

	}

	@Mixin
	Inputs inputs;

	@Option(names = "--port", defaultValue = "80", paramLabel = "N|NAME",
			description = "Destination port, a number or a container port name (default: ${DEFAULT-VALUE}).")
	String port;

	@Option(names = "--protocol", defaultValue = "TCP", description = "TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
	String protocol;

	@Option(names = { "-o", "--output" }, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
	Format format;

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		Reachability matrix = Reachability.of(this.inputs.evaluator(this.spec.commandLine().getErr()), this.port,
				Protocol.of(this.protocol));
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == Format.json) {
			out.println(json(matrix));
		}
		else {
			out.print(matrix.table());
		}
		out.flush();
	}

	private String json(Reachability matrix) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("port", (matrix.portNumber() != null) ? matrix.portNumber() : matrix.port());
		document.put("protocol", matrix.protocol().name());
		document.put("pods", matrix.pods());
		List<Map<String, Object>> pairs = new ArrayList<>();
		for (int i = 0; i < matrix.pods().size(); i++) {
			for (int j = 0; j < matrix.pods().size(); j++) {
				Map<String, Object> pair = new LinkedHashMap<>();
				pair.put("from", matrix.pods().get(i));
				pair.put("to", matrix.pods().get(j));
				Verdict verdict = matrix.verdict(i, j);
				pair.put("allowed", (verdict == Verdict.UNKNOWN) ? null : verdict == Verdict.ALLOWED);
				pairs.add(pair);
			}
		}
		document.put("pairs", pairs);
		try {
			return new ObjectMapper().writeValueAsString(document);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
