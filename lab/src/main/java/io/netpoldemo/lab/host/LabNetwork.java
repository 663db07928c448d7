package io.netpoldemo.lab.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netpoldemo.lab.topology.Addressing;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabPod;
import io.netpoldemo.lab.topology.LabService;
import io.netpoldemo.lab.topology.LabTopology;

/**
 * Builds the lab's network: a router namespace (the node) with a link to the "internet" namespace, and one namespace
 * per pod routed through it ({@link PodNetwork}). Every interface is created from inside a lab namespace, so none ever
 * appears in the host's namespace, and the router has no uplink: lab traffic cannot leave the lab.
 */
final class LabNetwork {

	private final LabTopology topology;

	LabNetwork(LabTopology topology) {
		this.topology = topology;
	}

	void create() {
		// Before any namespace exists: manifests without a DNS Service leave nothing to clean up.
		String dnsServiceIp = dnsServiceIp();
		String router = this.topology.routerNetns();
		PodNetwork network = new PodNetwork(router, Addressing.POD_GATEWAY);
		network.createRouter();
		// The internet and the pods side by side: each is a few commands, mostly waiting for ip.
		List<Runnable> wiring = new ArrayList<>();
		wiring.add(() -> createInternet(router));
		for (LabPod pod : this.topology.pods()) {
			wiring.add(() -> {
				network.attach(pod.netns(), pod.ip());
				writeEtc(pod, dnsServiceIp);
			});
		}
		Parallel.forEach(wiring, Runnable::run);
	}

	private void createInternet(String router) {
		String internet = this.topology.internetNetns();
		Command.of("ip", "netns", "add", internet).check();
		PodNetwork.batch(router, "link add inet0 type veth peer name eth0 netns " + internet,
				"addr add " + Addressing.INTERNET_GATEWAY + "/24 dev inet0", "link set inet0 up");
		List<String> lines = new ArrayList<>(List.of("link set lo up"));
		for (String address : new TreeMap<>(Addressing.INTERNET_HOSTS).values()) {
			lines.add("addr add " + address + "/24 dev eth0");
		}
		lines.addAll(List.of("link set eth0 up", "route add default via " + Addressing.INTERNET_GATEWAY));
		PodNetwork.batch(internet, lines.toArray(String[]::new));
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
