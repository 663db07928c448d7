package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connections as pictures: graphviz {@code dot} laid out as netpol-analyzer lays it out (one box per namespace, every
 * workload in it, address ranges outside, edges labelled with the connection), and the same graph in Mermaid.
 */
final class Graph {

	private Graph() {
	}

	static String dot(List<Peer> workloads, List<Connection> connections) {
		Map<String, List<String>> namespaces = new TreeMap<>();
		List<String> outside = new ArrayList<>();
		for (Peer workload : workloads) {
			namespaces.computeIfAbsent(workload.namespace(), (ns) -> new ArrayList<>()).add(node(workload, "blue"));
		}
		List<String> edges = new ArrayList<>();
		for (Connection connection : connections) {
			for (Peer peer : List.of(connection.src(), connection.dst())) {
				String node = node(peer, "red2");
				if (peer.isExternal() && !outside.contains(node)) {
					outside.add(node);
				}
			}
			edges.add("\t" + quote(connection.src().toString()) + " -> " + quote(connection.dst().toString())
					+ " [label=" + quote(connection.conn()) + " color=\"gold2\" fontcolor=\"darkgreen\"]");
		}
		outside.sort(null);
		edges.sort(null);
		List<String> lines = new ArrayList<>();
		lines.add("digraph {");
		// Without newrank, graphviz 2.43 fails ("trouble in init_rank") on namespace boxes with many edges between them.
		lines.add("\tnewrank=true");
		namespaces.forEach((namespace, nodes) -> {
			nodes.sort(null);
			// graphviz takes a subgraph named cluster_* as a box; a dash is not allowed in a bare name.
			lines.add("\tsubgraph cluster_" + namespace.replaceAll("[^A-Za-z0-9_]", "_") + " {");
			nodes.forEach((node) -> lines.add("\t" + node));
			lines.add("\t\tlabel=" + quote(namespace));
			lines.add("\t}");
		});
		lines.addAll(outside);
		lines.addAll(edges);
		lines.add("}");
		return String.join("\n", lines) + "\n";
	}

	private static String node(Peer peer, String externalColor) {
		String color = peer.isExternal() ? externalColor : "blue";
		String label = peer.isExternal() ? peer.toString() : peer.label();
		return "\t" + quote(peer.toString()) + " [label=" + quote(label) + " color=" + quote(color) + " fontcolor="
				+ quote(color) + "]";
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String mermaid(List<Peer> workloads, List<Connection> connections) {
		Map<Peer, String> ids = new LinkedHashMap<>();
		Map<String, List<Peer>> namespaces = new TreeMap<>();
		for (Peer workload : workloads) {
			namespaces.computeIfAbsent(workload.namespace(), (ns) -> new ArrayList<>()).add(workload);
		}
		List<String> lines = new ArrayList<>();
		lines.add("flowchart LR");
		int group = 0;
		for (Map.Entry<String, List<Peer>> namespace : namespaces.entrySet()) {
			lines.add("  subgraph ns" + group++ + "[" + mermaidText(namespace.getKey()) + "]");
			for (Peer workload : namespace.getValue()) {
				lines.add("    " + id(ids, workload) + "[" + mermaidText(workload.label()) + "]");
			}
			lines.add("  end");
		}
		for (Connection connection : connections) {
			for (Peer peer : List.of(connection.src(), connection.dst())) {
				if (!ids.containsKey(peer)) {
					lines.add("  " + id(ids, peer) + "[" + mermaidText(peer.toString()) + "]");
				}
			}
		}
		for (Connection connection : connections) {
			lines.add("  " + ids.get(connection.src()) + " -->|" + mermaidText(connection.conn()) + "| "
					+ ids.get(connection.dst()));
		}
		return String.join("\n", lines) + "\n";
	}

	private static String id(Map<Peer, String> ids, Peer peer) {
		return ids.computeIfAbsent(peer, (key) -> "w" + ids.size());
	}

	/** Mermaid text in quotes, where brackets and commas are plain text; a quote becomes its entity. */
	private static String mermaidText(String text) {
		return "\"" + text.replace("\"", "#quot;") + "\"";
	}

}
