package io.netpoldemo.netpol.connections;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netpoldemo.netpol.Protocol;

/**
 * The output formats of {@code netpol list}, named and written as netpol-analyzer writes them so that the two diff
 * cleanly: {@code txt} ({@code src => dst : conn}, sorted by source then destination), {@code csv} and {@code md}
 * (a {@code src, dst, conn} table), {@code json} (an array of {@code src}, {@code dst}, {@code conn} objects, here
 * with each connection's protocols and port ranges and the rules allowing it on each side), and the graphs
 * {@code dot} and {@code mermaid}. Every format but json lists what is certainly allowed; json also carries what the
 * inputs cannot decide ({@code uncertain}).
 */
public enum ListFormat {

	txt, json, csv, md, dot, mermaid;

	/** The format names, for messages. */
	public static String names() {
		List<String> names = new ArrayList<>();
		for (ListFormat format : values()) {
			names.add(format.name());
		}
		return String.join(", ", names);
	}

	/**
	 * Writes the list.
	 * @return the number of pairs with connections the inputs cannot decide (shown by json only)
	 */
	public int write(ConnectionList list, PrintWriter out) {
		int[] uncertain = { 0 };
		switch (this) {
			case txt -> list.forEach((connection) -> {
				uncertain[0] += connection.uncertain().isEmpty() ? 0 : 1;
				if (!connection.allowed().isEmpty()) {
					out.println(connection.src() + " => " + connection.dst() + " : " + connection.conn());
				}
			});
			case csv -> {
				out.println("src,dst,conn");
				list.forEach((connection) -> {
					uncertain[0] += connection.uncertain().isEmpty() ? 0 : 1;
					if (!connection.allowed().isEmpty()) {
						out.println(csv(connection.src().toString()) + "," + csv(connection.dst().toString()) + ","
								+ csv(connection.conn()));
					}
				});
			}
			case md -> {
				out.println("| src | dst | conn |");
				out.println("|-----|-----|------|");
				list.forEach((connection) -> {
					uncertain[0] += connection.uncertain().isEmpty() ? 0 : 1;
					if (!connection.allowed().isEmpty()) {
						out.println("| " + connection.src() + " | " + connection.dst() + " | " + connection.conn() + " |");
					}
				});
			}
			case json -> json(list, out);
			case dot, mermaid -> {
				List<Connection> connections = new ArrayList<>();
				list.forEach((connection) -> {
					uncertain[0] += connection.uncertain().isEmpty() ? 0 : 1;
					if (!connection.allowed().isEmpty()) {
						connections.add(connection);
					}
				});
				out.print((this == dot) ? Graph.dot(list.workloads(), connections)
						: Graph.mermaid(list.workloads(), connections));
			}
		}
		out.flush();
		return (this == json) ? 0 : uncertain[0];
	}

	/** A CSV field as Go's encoding/csv writes it: quoted when it holds a comma, a quote or a line break. */
	static String csv(String field) {
		if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")
				|| field.startsWith(" ")) {
			return "\"" + field.replace("\"", "\"\"") + "\"";
		}
		return field;
	}

	static String quote(String text) {
		return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
	}

	private static void json(ConnectionList list, PrintWriter out) {
		boolean[] first = { true };
		out.print("[");
		list.forEach((connection) -> {
			out.println(first[0] ? "" : ",");
			first[0] = false;
			Reasons reasons = list.reasons(connection);
			out.println("  {");
			out.println("    \"src\": " + quote(connection.src().toString()) + ",");
			out.println("    \"dst\": " + quote(connection.dst().toString()) + ",");
			out.println("    \"conn\": " + quote(connection.conn()) + ",");
			out.println("    \"connections\": " + ports(connection.allowed()) + ",");
			if (!connection.uncertain().isEmpty()) {
				out.println("    \"uncertain\": " + quote(connection.uncertain().toString()) + ",");
				out.println("    \"uncertain_connections\": " + ports(connection.uncertain()) + ",");
			}
			out.println("    \"egress\": " + side(reasons.egress()) + ",");
			out.println("    \"ingress\": " + side(reasons.ingress()));
			out.print("  }");
		});
		out.println(first[0] ? "]" : "\n]");
	}

	private static String ports(ConnectionSet connections) {
		List<String> entries = new ArrayList<>();
		for (Protocol protocol : connections.protocols()) {
			List<String> ranges = new ArrayList<>();
			connections.ports(protocol)
				.ranges()
				.forEach((range) -> ranges.add("{\"from\": " + range[0] + ", \"to\": " + range[1] + "}"));
			entries.add("{\"protocol\": \"" + protocol + "\", \"ports\": " + quote(connections.ports(protocol).toString())
					+ ", \"ranges\": [" + String.join(", ", ranges) + "]}");
		}
		return "[" + String.join(", ", entries) + "]";
	}

	static String side(Reasons.Side side) {
		List<String> rules = new ArrayList<>();
		side.rules().forEach((rule) -> rules.add(quote(rule)));
		return "{\"isolated\": " + side.isolated() + ", \"rules\": [" + String.join(", ", rules) + "]}";
	}

}
