package io.netpoldemo.lab.host;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.netpoldemo.lab.topology.Addressing;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabPod;
import io.netpoldemo.lab.topology.LabService;
import io.netpoldemo.lab.topology.LabTopology;

/**
 * Builds the lab's network: a router namespace holding the pod bridge and a link to the "internet" namespace, and
 * one namespace per pod wired to the bridge. Every interface is created from inside a lab namespace, so none ever
 * appears in the host's namespace, and the router has no uplink: lab traffic cannot leave the lab.
 */
final class LabNetwork {

	private static final String BRIDGE = "br0";

	private static final int POD_PREFIX_LENGTH = 24;

	private final LabTopology topology;

	LabNetwork(LabTopology topology) {
		this.topology = topology;
	}

	void create() {
		// Before any namespace exists: manifests without a DNS Service leave nothing to clean up.
		String dnsServiceIp = dnsServiceIp();
		String router = this.topology.routerNetns();
		addNamespace(router);
		Command.of("ip", "-n", router, "link", "add", BRIDGE, "type", "bridge").check();
		Command.of("ip", "-n", router, "addr", "add", Addressing.POD_GATEWAY + "/" + POD_PREFIX_LENGTH, "dev", BRIDGE)
			.check();
		Command.of("ip", "-n", router, "link", "set", BRIDGE, "up").check();
		Command.of("sysctl", "-qw", "net.ipv4.ip_forward=1").in(router).check();
		createInternet(router);
		for (LabPod pod : this.topology.pods()) {
			createPod(router, pod, dnsServiceIp);
		}
	}

	private void createInternet(String router) {
		String internet = this.topology.internetNetns();
		addNamespace(internet);
		Command.of("ip", "-n", router, "link", "add", "inet0", "type", "veth", "peer", "name", "eth0", "netns",
				internet)
			.check();
		Command.of("ip", "-n", router, "addr", "add", Addressing.INTERNET_GATEWAY + "/24", "dev", "inet0").check();
		Command.of("ip", "-n", router, "link", "set", "inet0", "up").check();
		for (String address : new TreeMap<>(Addressing.INTERNET_HOSTS).values()) {
			Command.of("ip", "-n", internet, "addr", "add", address + "/24", "dev", "eth0").check();
		}
		Command.of("ip", "-n", internet, "link", "set", "eth0", "up").check();
		Command.of("ip", "-n", internet, "route", "add", "default", "via", Addressing.INTERNET_GATEWAY).check();
	}

	private void createPod(String router, LabPod pod, String dnsServiceIp) {
		addNamespace(pod.netns());
		String hostSide = "veth" + pod.ip().substring(pod.ip().lastIndexOf('.') + 1);
		Command.of("ip", "-n", router, "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns",
				pod.netns())
			.check();
		Command.of("ip", "-n", router, "link", "set", hostSide, "master", BRIDGE, "up").check();
		Command.of("ip", "-n", pod.netns(), "addr", "add", pod.ip() + "/" + POD_PREFIX_LENGTH, "dev", "eth0").check();
		Command.of("ip", "-n", pod.netns(), "link", "set", "eth0", "up").check();
		Command.of("ip", "-n", pod.netns(), "route", "add", "default", "via", Addressing.POD_GATEWAY).check();
		// Pods speak IPv4 only, as the lab's DNS answers; no stray IPv6 link-local traffic in the captures.
		Command.of("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").in(pod.netns()).check();
		writeEtc(pod, dnsServiceIp);
	}

	private static void addNamespace(String netns) {
		Command.of("ip", "netns", "add", netns).check();
		Command.of("ip", "-n", netns, "link", "set", "lo", "up").check();
	}

	/** The virtual IP of the Service in front of the cluster DNS pod: every pod's nameserver. */
	private String dnsServiceIp() {
		String dnsPodIp = this.topology.dnsPod().ip();
		return this.topology.services()
			.stream()
			.filter((service) -> service.routes().stream().anyMatch((route) -> dnsPodIp.equals(route.podIp())))
			.map(LabService::clusterIp)
			.findFirst()
			.orElseThrow(() -> new LabException("no Service selects the cluster DNS pod"));
	}

	/**
	 * The resolver configuration the kubelet writes for a pod with {@code dnsPolicy: ClusterFirst}: the cluster DNS
	 * Service as nameserver, the namespace's search domains and {@code ndots:5}.
	 */
	private static void writeEtc(LabPod pod, String dnsServiceIp) {
		String domain = Addressing.CLUSTER_DOMAIN;
		Map<String, String> files = Map.of("resolv.conf",
				"search " + pod.namespace() + ".svc." + domain + " svc." + domain + " " + domain + "\n"
						+ "nameserver " + dnsServiceIp + "\n" + "options ndots:5\n",
				"hosts", "127.0.0.1\tlocalhost\n" + pod.ip() + "\t" + pod.name() + "\n");
		Path dir = LabSettings.NETNS_ETC.resolve(pod.netns());
		files.forEach((name, content) -> StateFiles.write(dir.resolve(name), content));
	}

}
