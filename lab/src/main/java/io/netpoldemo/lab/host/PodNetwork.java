package io.netpoldemo.lab.host;

import io.netpoldemo.lab.topology.LabException;

/**
 * The lab's node: a router network namespace, and pods wired to it as routed /32s, each behind a veth of its own, as
 * Calico wires them. Every packet a pod sends or receives, to another pod too, crosses the router's IP stack, where
 * {@link HostFirewall} filters it with plain {@code inet} forward semantics and connection tracking.
 *
 * <p>
 * Why routed rather than a bridge: nftables' bridge family has no connection tracking on this kernel, so a bridge
 * would need bridge netfilter ({@code br_netfilter}) to send bridged frames through the IP hooks. That is a host
 * module: loading it needs CAP_SYS_MODULE (often missing in containers) and changes every bridge of the host (Docker's
 * too). Measured side by side with 9 pods (docs/BENCHMARKS.md), both give the same connect latency; routed costs one
 * route per pod to build and needs no module, and pods share no layer 2 (no ARP between them).
 *
 * <p>
 * The router holds the gateway address on its loopback and answers ARP for it on every veth (Linux answers for any
 * local address); a pod has its address as /32, an on-link route to the gateway and a default route through it. Every
 * interface is created from inside a lab namespace, so none ever appears in the host's namespace.
 */
public final class PodNetwork {

	private final String router;

	private final String gateway;

	/**
	 * @param routerNetns the router namespace's name
	 * @param gateway the address every pod routes through, e.g. {@code 10.244.0.1}
	 */
	public PodNetwork(String routerNetns, String gateway) {
		this.router = routerNetns;
		this.gateway = gateway;
	}

	/** Creates the router namespace, with forwarding on and the gateway address on its loopback. */
	public void createRouter() {
		addNamespace(this.router);
		Command.of("ip", "-n", this.router, "addr", "add", this.gateway + "/32", "dev", "lo").check();
		Command.of("sysctl", "-qw", "net.ipv4.ip_forward=1").in(this.router).check();
	}

	/**
	 * Creates a pod's network namespace and wires it to the router.
	 * @param netns the pod's network namespace (created here)
	 * @param ip the pod's IPv4 address
	 * @return the router-side interface, as {@link #interfaceOf(String)} names it
	 */
	public String attach(String netns, String ip) {
		addNamespace(netns);
		String link = interfaceOf(ip);
		Command.of("ip", "-n", this.router, "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", netns)
			.check();
		Command.of("ip", "-n", this.router, "link", "set", link, "up").check();
		Command.of("ip", "-n", this.router, "route", "add", ip + "/32", "dev", link, "scope", "link").check();
		Command.of("ip", "-n", netns, "addr", "add", ip + "/32", "dev", "eth0").check();
		Command.of("ip", "-n", netns, "link", "set", "eth0", "up").check();
		Command.of("ip", "-n", netns, "route", "add", this.gateway, "dev", "eth0", "scope", "link").check();
		Command.of("ip", "-n", netns, "route", "add", "default", "via", this.gateway, "dev", "eth0").check();
		// Pods speak IPv4 only, as the lab's DNS answers; no stray IPv6 link-local traffic in the captures.
		Command.of("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").in(netns).check();
		return link;
	}

	/**
	 * The router-side interface of the pod with this address: {@code veth} and the address's last 16 bits, unique
	 * within a /16 and short enough for Linux's 15 characters.
	 * @param ip an IPv4 address
	 * @return the interface name
	 */
	public static String interfaceOf(String ip) {
		String[] octets = ip.split("\\.");
		if (octets.length != 4) {
			throw new LabException("'" + ip + "' is not an IPv4 address: lab pods are IPv4 only");
		}
		return "veth" + (Integer.parseInt(octets[2]) * 256 + Integer.parseInt(octets[3]));
	}

	static void addNamespace(String netns) {
		Command.of("ip", "netns", "add", netns).check();
		Command.of("ip", "-n", netns, "link", "set", "lo", "up").check();
	}

}
