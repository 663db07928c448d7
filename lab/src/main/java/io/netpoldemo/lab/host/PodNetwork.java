package io.netpoldemo.lab.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	/** What a line of an {@code ip} batch is made of: names, addresses, prefixes and keywords, and single spaces. */
	private static final Pattern BATCH_LINE = Pattern.compile("[A-Za-z0-9._:/-]+( [A-Za-z0-9._:/-]+)*");

	/** How {@code ip -batch} names the command that failed, e.g. {@code Command failed -:2}. */
	private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");

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
		Command.of("ip", "netns", "add", this.router).check();
		batch(this.router, "link set lo up", "addr add " + this.gateway + "/32 dev lo");
		Command.of("sysctl", "-qw", "net.ipv4.ip_forward=1").in(this.router).check();
	}

	/**
	 * Creates a pod's network namespace and wires it to the router: four commands, whatever the pod (each side's
	 * links, addresses and routes go to {@code ip} as one batch, its settings to one {@code sysctl}), so that pods can
	 * be attached side by side and a lab of many pods is not a long series of {@code ip} processes.
	 * @param netns the pod's network namespace (created here)
	 * @param ip the pod's IPv4 address
	 * @param sysctls further settings of the pod's namespace, such as {@code net.ipv4.ip_unprivileged_port_start=0}
	 * @return the router-side interface, as {@link #interfaceOf(String)} names it
	 */
	public String attach(String netns, String ip, String... sysctls) {
		String link = interfaceOf(ip);
		Command.of("ip", "netns", "add", netns).check();
		batch(this.router, "link add " + link + " type veth peer name eth0 netns " + netns, "link set " + link + " up",
				"route add " + ip + "/32 dev " + link + " scope link");
		batch(netns, "link set lo up", "addr add " + ip + "/32 dev eth0", "link set eth0 up",
				"route add " + this.gateway + " dev eth0 scope link",
				"route add default via " + this.gateway + " dev eth0");
		// Pods speak IPv4 only, as the lab's DNS answers; no stray IPv6 link-local traffic in the captures.
		List<String> settings = new ArrayList<>(List.of("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"));
		settings.addAll(List.of(sysctls));
		new Command(settings).in(netns).check();
		return link;
	}

	/**
	 * Runs {@code ip} commands in a namespace as one {@code ip -batch}: one process, which stops at the first command
	 * that fails. A failure names that command, as if it had been run alone.
	 * @param netns the namespace
	 * @param lines the commands, without the leading {@code ip}: names and addresses only, one command each
	 */
	static void batch(String netns, String... lines) {
		for (String line : lines) {
			if (!BATCH_LINE.matcher(line).matches()) {
				throw new LabException("refusing the ip command '" + line + "': names and addresses only");
			}
		}
		Command command = Command.of("ip", "-n", netns, "-batch", "-");
		Command.Result result = command.run(String.join("\n", lines) + "\n");
		if (!result.ok()) {
			Matcher failed = FAILED_LINE.matcher(result.output());
			int line = failed.find() ? Integer.parseInt(failed.group(1)) : 0;
			String output = FAILED_LINE.matcher(result.output()).replaceAll("").strip();
			throw new LabException("'ip -n " + netns + " " + ((line >= 1 && line <= lines.length) ? lines[line - 1]
					: String.join("; ", lines)) + "' failed (exit " + result.exitCode() + "): " + output);
		}
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

}
