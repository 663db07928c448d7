package io.netpoldemo.lab.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.firewall.AddressMatch;
import io.netpoldemo.netpol.firewall.AllowRule;
import io.netpoldemo.netpol.firewall.FirewallPlan;
import io.netpoldemo.netpol.firewall.PodFirewall;
import io.netpoldemo.netpol.firewall.PortMatch;

/**
 * Compiles a {@link FirewallPlan} and the cluster's Service translations into one nftables script for the router
 * namespace, the lab's node. Every pod is a routed /32 behind its own veth, so every packet a pod sends or receives
 * crosses the router's IP stack: the filter runs there, outside every pod's network namespace, as a CNI's filter runs
 * on the node. Nothing a process in a pod can change holds a rule.
 *
 * <p>
 * The script replaces the lab's table in one transaction ({@code nft -f} applies a file atomically), so no pod ever
 * runs with half a policy. Order matters: the Service translation sits in the prerouting hook (priority dstnat), before
 * the forward filter (priority filter), so the filter sees the pod address and port (8888), never the Service's
 * (8889), as a network plugin behind kube-proxy does. Replies of an allowed connection pass on connection tracking.
 * Denied packets are dropped, not rejected, in both directions: a NetworkPolicy deny shows up as a timeout, and a
 * denied DNS query leaves the resolver waiting, as on a real cluster.
 *
 * <p>
 * The forward chain jumps to the source pod's egress chain (by the interface the packet came in on), which returns
 * when a rule allows the packet and drops it otherwise, then to the destination pod's ingress chain (by the interface
 * it leaves on), which accepts or drops. A pod whose direction is not isolated has no chain for it.
 */
public final class NftRuleset {

	/** The family of the lab's table: one table filters IPv4 and IPv6. */
	public static final String FAMILY = "inet";

	/** The lab's table in the router namespace; nothing else there is touched. */
	public static final String TABLE_NAME = "netpol_lab";

	private static final String TABLE = FAMILY + " " + TABLE_NAME;

	private NftRuleset() {
	}

	/**
	 * Renders the router's script.
	 * @param plan what every pod's policies allow
	 * @param interfaces the host-side interface of each pod, by pod IP (see {@code PodNetwork})
	 * @param routes every Service translation of the cluster
	 * @param enforcing whether to filter at all; {@code false} is a network plugin without NetworkPolicy support:
	 * Services work, every packet passes
	 * @return an nftables script for {@code nft -f}
	 */
	public static String render(FirewallPlan plan, Map<String, String> interfaces, List<ServiceRoute> routes,
			boolean enforcing) {
		StringBuilder out = new StringBuilder();
		out.append("# netpol-demo lab: ").append(enforcing ? "policies enforced" : "policies NOT enforced")
			.append('\n');
		// Declaring the table first makes the delete succeed on a fresh namespace too.
		out.append("table ").append(TABLE).append("\ndelete table ").append(TABLE).append('\n');
		out.append("table ").append(TABLE).append(" {\n");
		out.append("\tchain services {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n");
		for (ServiceRoute route : routes) {
			if (route.hasEndpoint()) {
				out.append("\t\tip daddr ").append(route.clusterIp()).append(' ').append(proto(route.protocol()))
					.append(" dport ").append(route.port()).append(" dnat ip to ").append(route.podIp()).append(':')
					.append(route.targetPort()).append(comment(route.service())).append('\n');
			}
		}
		out.append("\t}\n");
		// A pod calling a Service that leads back to itself: the reply must come back through the router to be
		// translated, as kube-proxy's hairpin masquerade makes it.
		out.append("\tchain hairpin {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
		for (PodFirewall pod : plan.pods()) {
			out.append("\t\tct status dnat ").append(family(pod.ip())).append(" saddr ").append(pod.ip()).append(' ')
				.append(family(pod.ip())).append(" daddr ").append(pod.ip()).append(" masquerade\n");
		}
		out.append("\t}\n");
		StringBuilder egressMap = new StringBuilder();
		StringBuilder ingressMap = new StringBuilder();
		StringBuilder spoofing = new StringBuilder();
		List<String> chains = new ArrayList<>();
		for (PodFirewall pod : plan.pods()) {
			String link = interfaces.get(pod.ip());
			if (link == null) {
				throw new IllegalArgumentException("no interface for pod " + pod.namespace() + "/" + pod.name() + " at "
						+ pod.ip());
			}
			// A pod sends with its own address only: an egress or ingress rule never trusts a forged source.
			spoofing.append("\t\tiifname \"").append(link).append("\" ").append(family(pod.ip())).append(" saddr != ")
				.append(pod.ip()).append(" drop").append(comment("spoofed source from " + id(pod))).append('\n');
			if (enforcing && pod.egressIsolated()) {
				separate(egressMap).append('"').append(link).append("\" : jump egress_").append(link);
				chains.add(chain("egress_" + link, pod, "daddr", pod.egress(), "egress", "return"));
			}
			if (enforcing && pod.ingressIsolated()) {
				separate(ingressMap).append('"').append(link).append("\" : jump ingress_").append(link);
				chains.add(chain("ingress_" + link, pod, "saddr", pod.ingress(), "ingress", "accept"));
			}
		}
		out.append("\tchain forward {\n\t\ttype filter hook forward priority filter; policy accept;\n");
		out.append("\t\tct state established,related accept\n");
		out.append("\t\tct state invalid drop\n");
		out.append(spoofing);
		if (!egressMap.isEmpty()) {
			out.append("\t\tiifname vmap { ").append(egressMap).append(" }\n");
		}
		if (!ingressMap.isEmpty()) {
			out.append("\t\toifname vmap { ").append(ingressMap).append(" }\n");
		}
		out.append("\t}\n");
		chains.forEach(out::append);
		out.append("}\n");
		return out.toString();
	}

	private static StringBuilder separate(StringBuilder map) {
		return map.isEmpty() ? map : map.append(", ");
	}

	/**
	 * One isolated direction of one pod: each rule's peers and ports, then a counted drop.
	 * @param allowed what an allowing rule does: {@code return} for egress (the destination's ingress still decides),
	 * {@code accept} for ingress
	 */
	private static String chain(String name, PodFirewall pod, String peerKey, List<AllowRule> rules,
			String direction, String allowed) {
		StringBuilder out = new StringBuilder();
		out.append("\tchain ").append(name).append(" {\n");
		// A pod may always talk to itself, whatever its policies say (through a Service of its own, say).
		out.append("\t\t").append(family(pod.ip())).append(' ').append(peerKey).append(' ').append(pod.ip())
			.append(' ').append(allowed).append('\n');
		for (AllowRule rule : rules) {
			String comment = comment(rule.policy() + " " + direction + "[" + rule.ruleIndex() + "]");
			for (AddressMatch peer : rule.peers()) {
				for (String ports : ports(rule.ports())) {
					out.append("\t\t").append(address(peerKey, peer)).append(ports).append("counter ").append(allowed)
						.append(comment).append('\n');
				}
			}
		}
		out.append("\t\tcounter drop").append(comment(direction + " of " + id(pod) + " is isolated")).append('\n');
		out.append("\t}\n");
		return out.toString();
	}

	private static String address(String key, AddressMatch peer) {
		String family = family(peer.cidr());
		StringBuilder match = new StringBuilder();
		match.append(family).append(' ').append(key).append(' ').append(peer.cidr()).append(' ');
		if (!peer.except().isEmpty()) {
			match.append(family).append(' ').append(key).append(" != { ").append(String.join(", ", peer.except()))
				.append(" } ");
		}
		return match.toString();
	}

	private static String family(String address) {
		return (address.indexOf(':') >= 0) ? "ip6" : "ip";
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

	private static String id(PodFirewall pod) {
		return pod.namespace() + "/" + pod.name();
	}

	/** nftables comments are quoted strings of at most 128 bytes. */
	private static String comment(String text) {
		String clean = text.replace("\"", "'");
		return " comment \"" + ((clean.length() > 120) ? clean.substring(0, 120) : clean) + "\"";
	}

}
