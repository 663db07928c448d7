package io.netpoldemo.lab.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.firewall.AddressMatch;
import io.netpoldemo.netpol.firewall.AllowRule;
import io.netpoldemo.netpol.firewall.PodFirewall;
import io.netpoldemo.netpol.firewall.PortMatch;

/**
 * Compiles one pod's {@link PodFirewall} and the cluster's Service translations into an nftables script for the
 * pod's network namespace. The script replaces the lab's table in one transaction ({@code nft -f} applies a file
 * atomically), so a pod never runs with half a policy.
 *
 * <p>
 * Order matters: the Service translation sits in the NAT output hook (priority -100, dstnat), before the egress
 * filter (priority filter, 0), so the filter sees the pod address and port (8888), never the Service's (8889), as a
 * network plugin behind kube-proxy does. Denied packets are dropped, not rejected: a NetworkPolicy deny shows up as a
 * connect timeout, as on a real cluster.
 */
public final class NftRuleset {

	/** The family of the lab's table: one table filters IPv4 and IPv6. */
	public static final String FAMILY = "inet";

	/** The lab's table in every pod namespace; nothing else in those namespaces is touched. */
	public static final String TABLE_NAME = "netpol_lab";

	private static final String TABLE = FAMILY + " " + TABLE_NAME;

	private NftRuleset() {
	}

	/**
	 * Renders the script for one pod.
	 * @param firewall what the pod's policies allow
	 * @param routes every Service translation of the cluster
	 * @return an nftables script for {@code nft -f}
	 */
	public static String render(PodFirewall firewall, List<ServiceRoute> routes) {
		StringBuilder out = new StringBuilder();
		out.append("# ").append(firewall.namespace()).append('/').append(firewall.name()).append(' ')
			.append(firewall.ip()).append('\n');
		// Declaring the table first makes the delete succeed on a fresh namespace too.
		out.append("table ").append(TABLE).append("\ndelete table ").append(TABLE).append('\n');
		out.append("table ").append(TABLE).append(" {\n");
		out.append("\tchain services {\n\t\ttype nat hook output priority -100; policy accept;\n");
		for (ServiceRoute route : routes) {
			if (route.hasEndpoint()) {
				out.append("\t\tip daddr ").append(route.clusterIp()).append(' ').append(proto(route.protocol()))
					.append(" dport ").append(route.port()).append(" dnat ip to ").append(route.podIp()).append(':')
					.append(route.targetPort()).append(comment(route.service())).append('\n');
			}
		}
		out.append("\t}\n");
		chain(out, "egress", "output", "oif", "daddr", firewall.egressIsolated(), firewall.egress(), firewall);
		chain(out, "ingress", "input", "iif", "saddr", firewall.ingressIsolated(), firewall.ingress(), firewall);
		out.append("}\n");
		return out.toString();
	}

	private static void chain(StringBuilder out, String name, String hook, String interfaceKey, String peerKey,
			boolean isolated, List<AllowRule> rules, PodFirewall firewall) {
		out.append("\tchain ").append(name).append(" {\n\t\ttype filter hook ").append(hook)
			.append(" priority filter; policy accept;\n");
		if (isolated) {
			out.append("\t\t").append(interfaceKey).append(" \"lo\" accept\n");
			out.append("\t\tct state established,related accept\n");
			// A pod may always talk to itself, whatever its policies say.
			out.append("\t\tip ").append(peerKey).append(' ').append(firewall.ip()).append(" accept\n");
			for (AllowRule rule : rules) {
				String comment = comment(rule.policy() + " " + name + "[" + rule.ruleIndex() + "]");
				for (AddressMatch peer : rule.peers()) {
					for (String ports : ports(rule.ports())) {
						out.append("\t\t").append(address(peerKey, peer)).append(ports).append("counter accept")
							.append(comment).append('\n');
					}
				}
			}
			out.append("\t\tcounter drop")
				.append(comment(name + " of " + firewall.namespace() + "/" + firewall.name() + " is isolated"))
				.append('\n');
		}
		out.append("\t}\n");
	}

	private static String address(String key, AddressMatch peer) {
		String family = (peer.cidr().indexOf(':') >= 0) ? "ip6" : "ip";
		StringBuilder match = new StringBuilder();
		match.append(family).append(' ').append(key).append(' ').append(peer.cidr()).append(' ');
		if (!peer.except().isEmpty()) {
			match.append(family).append(' ').append(key).append(" != { ").append(String.join(", ", peer.except()))
				.append(" } ");
		}
		return match.toString();
	}

	/** One match per port entry; an empty list means every protocol and port. */
	private static List<String> ports(List<PortMatch> ports) {
		if (ports.isEmpty()) {
			return List.of("");
		}
		List<String> matches = new ArrayList<>();
		for (PortMatch port : ports) {
			String proto = proto(port.protocol());
			if (port.port() == null) {
				matches.add("meta l4proto " + proto + " ");
			}
			else if (port.endPort() != null && !port.endPort().equals(port.port())) {
				matches.add(proto + " dport " + port.port() + "-" + port.endPort() + " ");
			}
			else {
				matches.add(proto + " dport " + port.port() + " ");
			}
		}
		return matches;
	}

	private static String proto(String protocol) {
		String proto = (protocol != null) ? protocol.toLowerCase(Locale.ROOT) : "tcp";
		if (!List.of("tcp", "udp", "sctp").contains(proto)) {
			throw new IllegalArgumentException("protocol " + protocol + " is not TCP, UDP or SCTP");
		}
		return proto;
	}

	/** nftables comments are quoted strings of at most 128 bytes. */
	private static String comment(String text) {
		String clean = text.replace("\"", "'");
		return " comment \"" + ((clean.length() > 120) ? clean.substring(0, 120) : clean) + "\"";
	}

}
