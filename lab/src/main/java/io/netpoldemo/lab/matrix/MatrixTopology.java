package io.netpoldemo.lab.matrix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netpoldemo.lab.host.PodNetwork;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.Protocol;

/**
 * What a matrix lab is made of: one pod per workload of the manifests, each with a network namespace named after the
 * lab's prefix and an address, and, for {@code --via service}, a ClusterIP Service in front of each pod.
 *
 * @param prefix the prefix of every namespace name
 * @param pods the pods, in the evaluator's order
 * @param cluster the manifests with every pod's address in {@code status.podIP}: what the evaluator and the firewall
 * plan read
 * @param services one translation per served port of each pod, keyed by the pod's id; empty unless via Service
 * @param declaresSctp whether some pod declares an SCTP port the kernel cannot serve
 */
record MatrixTopology(String prefix, List<MatrixPod> pods, Cluster cluster, Map<String, List<ServiceRoute>> services,
		boolean declaresSctp) {

	/** The namespace holding the routes between the pods. */
	String routerNetns() {
		return this.prefix + "r";
	}

	List<ServiceRoute> routes() {
		return this.services.values().stream().flatMap(List::stream).toList();
	}

	/**
	 * Lays the manifests out on the lab. Pods keep a {@code status.podIP} their manifest gives (ipBlock policies are
	 * written against it); the others get the next free address of the pod range.
	 * @throws LabException with exit code 2 when the pods or Services do not fit the ranges, or two pods claim one
	 * address
	 */
	static MatrixTopology of(Cluster manifests, String prefix, AddressRange podRange, AddressRange serviceRange,
			boolean viaService, boolean sctp) {
		Set<String> taken = new HashSet<>();
		int unaddressed = 0;
		for (Pod pod : manifests.pods()) {
			String ip = declaredIp(pod);
			if (ip == null) {
				unaddressed++;
			}
			else if (!taken.add(ip)) {
				throw new LabException("two pods claim status.podIP " + ip + "; give each pod its own address", 2);
			}
		}
		// The node names each pod's link after its address's last 16 bits (PodNetwork.interfaceOf): declared addresses
		// must differ there, and an address of the range whose name is taken is skipped.
		Map<String, String> links = new java.util.HashMap<>();
		for (String ip : taken) {
			String other = links.put(PodNetwork.interfaceOf(ip), ip);
			if (other != null) {
				throw new LabException("status.podIP " + other + " and " + ip + " end in the same 16 bits, which the lab"
						+ " names each pod's link after: give pods addresses that differ in their last two bytes", 2);
			}
		}
		java.util.function.IntPredicate usable = (i) -> !links.containsKey(PodNetwork.interfaceOf(podRange.address(i)));
		int free = (int) java.util.stream.IntStream.range(0, podRange.size())
			.filter(usable)
			.limit(unaddressed + 1L)
			.count();
		if (unaddressed > free) {
			throw new LabException(manifests.pods().size() + " pods, " + unaddressed + " of them without status.podIP,"
					+ " do not fit the lab's pod range " + podRange.cidr() + ", which holds " + podRange.size()
					+ " addresses (" + free + " free): give fewer pods or a larger --pod-range", 2);
		}
		if (viaService && manifests.pods().size() > serviceRange.size()) {
			throw new LabException(manifests.pods().size() + " pods need a Service each, but the lab's Service range "
					+ serviceRange.cidr() + " holds " + serviceRange.size() + ": give fewer pods or a larger"
					+ " --service-range", 2);
		}
		List<MatrixPod> pods = new ArrayList<>();
		List<Pod> addressed = new ArrayList<>();
		Map<String, List<ServiceRoute>> services = new LinkedHashMap<>();
		int next = 0;
		boolean declaresSctp = false;
		for (Pod pod : manifests.pods()) {
			String ip = declaredIp(pod);
			while (ip == null) {
				int candidate = next++;
				ip = usable.test(candidate) ? podRange.address(candidate) : null;
			}
			String id = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
			List<ServedPort> served = ports(pod).stream()
				.filter((port) -> sctp || port.protocol() != Protocol.SCTP)
				.toList();
			MatrixPod matrixPod = new MatrixPod(id, prefix + "p" + pods.size(), ip, served);
			declaresSctp |= served.size() < ports(pod).size();
			if (viaService) {
				String clusterIp = serviceRange.address(pods.size());
				services.put(id, matrixPod.ports()
					.stream()
					.map((port) -> new ServiceRoute(id, clusterIp, port.protocol().name(), port.number(), matrixPod.ip(),
							port.number()))
					.toList());
			}
			pods.add(matrixPod);
			addressed.add(new PodBuilder(pod).editOrNewStatus().withPodIP(ip).endStatus().build());
		}
		Cluster cluster = Cluster.of(manifests.namespaces(), addressed, manifests.services(), manifests.policies());
		return new MatrixTopology(prefix, pods, cluster, services, declaresSctp);
	}

	private static String declaredIp(Pod pod) {
		String ip = (pod.getStatus() != null) ? pod.getStatus().getPodIP() : null;
		if (ip == null || ip.isBlank()) {
			return null;
		}
		if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			throw new LabException("pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
					+ ": status.podIP " + ip + " is not an IPv4 address; the matrix lab speaks IPv4 only", 2);
		}
		return ip;
	}

	/** Every container's ports, init containers included, as the evaluator resolves named ports. */
	private static List<ServedPort> ports(Pod pod) {
		List<Container> containers = new ArrayList<>();
		if (pod.getSpec() != null) {
			// A list the manifest gives as null holds nothing, as when it is left out.
			containers.addAll(Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of()));
			containers.addAll(Objects.requireNonNullElse(pod.getSpec().getContainers(), List.of()));
		}
		List<ServedPort> ports = new ArrayList<>();
		for (Container container : containers) {
			for (ContainerPort port : Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of())) {
				if (port.getContainerPort() == null) {
					continue;
				}
				ServedPort served = new ServedPort(port.getName(), port.getContainerPort(),
						Protocol.of(port.getProtocol()));
				if (ports.stream()
					.noneMatch((other) -> other.number() == served.number() && other.protocol() == served.protocol())) {
					ports.add(served);
				}
			}
		}
		return ports;
	}

}
