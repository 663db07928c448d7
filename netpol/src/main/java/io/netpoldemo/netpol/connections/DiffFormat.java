package io.netpoldemo.netpol.connections;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The output formats of {@code netpol diff}, as netpol-analyzer writes its diff: {@code txt}
 * ({@code Connectivity diff:} then one {@code diff-type: ..., source: ..., destination: ..., ref1: ..., ref2: ...} line
 * per change), {@code csv} and {@code md} (the same columns), and {@code json}, which adds the rules responsible on
 * each side and the workloads that appear or disappear. ref1 is the configuration before, ref2 the one after.
 */
public enum DiffFormat {

	txt, json, csv, md;

	public void write(ConnectivityDiff diff, PrintWriter out) {
		switch (this) {
			case txt -> {
				if (!diff.entries().isEmpty()) {
					out.println("Connectivity diff:");
					diff.entries().forEach((entry) -> out.println(line(entry)));
				}
			}
			case csv -> {
				out.println("diff-type,source,destination,ref1,ref2,workloads-diff-info");
				diff.entries()
					.forEach((entry) -> out.println(String.join(",", ListFormat.csv(entry.type().name()),
							ListFormat.csv(entry.src().toString()), ListFormat.csv(entry.dst().toString()),
							ListFormat.csv(entry.before().toString()), ListFormat.csv(entry.after().toString()),
							ListFormat.csv(entry.workloadsInfo()))));
			}
			case md -> {
				out.println("| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |");
				out.println("|-----------|--------|-------------|------|------|---------------------|");
				diff.entries()
					.forEach((entry) -> out.println("| " + entry.type() + " | " + entry.src() + " | " + entry.dst()
							+ " | " + entry.before() + " | " + entry.after() + " | " + entry.workloadsInfo() + " |"));
			}
			case json -> json(diff, out);
		}
		out.flush();
	}

	/** The txt line of one change, which is also the order of the changes within their kind. */
	static String line(ConnectivityDiff.Entry entry) {
		String line = "diff-type: " + entry.type() + ", source: " + entry.src() + ", destination: " + entry.dst()
				+ ", ref1: " + entry.before() + ", ref2: " + entry.after();
		return entry.workloadsInfo().isEmpty() ? line : line + ", workloads-diff-info: " + entry.workloadsInfo();
	}

	private static void json(ConnectivityDiff diff, PrintWriter out) {
		List<String> entries = new ArrayList<>();
		for (ConnectivityDiff.Entry entry : diff.entries()) {
			entries.add("    {\n      \"diff-type\": " + ListFormat.quote(entry.type().name()) + ",\n      \"src\": "
					+ ListFormat.quote(entry.src().toString()) + ",\n      \"dst\": "
					+ ListFormat.quote(entry.dst().toString()) + ",\n      \"ref1\": "
					+ ListFormat.quote(entry.before().toString()) + ",\n      \"ref2\": "
					+ ListFormat.quote(entry.after().toString()) + ",\n      \"workloads-diff-info\": "
					+ ListFormat.quote(entry.workloadsInfo()) + ",\n      \"ref1_rules\": " + reasons(entry.beforeReasons())
					+ ",\n      \"ref2_rules\": " + reasons(entry.afterReasons()) + "\n    }");
		}
		out.println("{");
		out.println("  \"changes\": [" + (entries.isEmpty() ? "]," : "\n" + String.join(",\n", entries) + "\n  ],"));
		out.println("  \"workloads_added\": " + peers(diff.addedWorkloads()) + ",");
		out.println("  \"workloads_removed\": " + peers(diff.removedWorkloads()));
		out.println("}");
	}

	private static String reasons(Reasons reasons) {
		if (reasons == null) {
			return "null";
		}
		return "{\"egress\": " + ListFormat.side(reasons.egress()) + ", \"ingress\": " + ListFormat.side(reasons.ingress())
				+ "}";
	}

	private static String peers(List<Peer> peers) {
		List<String> names = new ArrayList<>();
		peers.forEach((peer) -> names.add(ListFormat.quote(peer.toString())));
		return "[" + String.join(", ", names) + "]";
	}

}
