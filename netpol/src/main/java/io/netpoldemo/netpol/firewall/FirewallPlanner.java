package io.netpoldemo.netpol.firewall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.Direction;
import io.netpoldemo.netpol.IpBlocks;
import io.netpoldemo.netpol.LabelSelectors;
import io.netpoldemo.netpol.PolicyTypes;
import io.netpoldemo.netpol.Protocol;

/**
 * Turns the policies of a {@link Cluster} into per-pod allow lists of addresses and ports, the form a packet filter
 * (nftables, iptables) needs: selectors become pod IPs, named ports become numbers on the destination pod.
 */
public final class FirewallPlanner {

	private static final String NAME_LABEL = "kubernetes.io/metadata.name";

	private static final List<AddressMatch> EVERYWHERE = List.of(new AddressMatch("0.0.0.0/0", List.of()),
			new AddressMatch("::/0", List.of()));

	private FirewallPlanner() {
	}

	public static FirewallPlan plan(Cluster cluster) {
		Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
		for (Namespace namespace : cluster.namespaces()) {
			Map<String, String> labels = new HashMap<>();
			if (namespace.getMetadata().getLabels() != null) {
				labels.putAll(namespace.getMetadata().getLabels());
			}
			labels.put(NAME_LABEL, namespace.getMetadata().getName());
			namespaceLabels.put(namespace.getMetadata().getName(), labels);
		}
		List<String> notes = new ArrayList<>();
		List<Pod> addressed = new ArrayList<>();
		for (Pod pod : cluster.pods()) {
			if (ip(pod) == null) {
				notes.add("pod " + id(pod) + " has no IP (status.podIP): left out of the plan and of every peer list");
			}
			else {
				addressed.add(pod);
			}
		}
		Compiler compiler = new Compiler(cluster, namespaceLabels, addressed, notes);
		List<PodFirewall> firewalls = new ArrayList<>();
		for (Pod pod : addressed) {
			firewalls.add(compiler.firewall(pod));
		}
		return new FirewallPlan(firewalls, notes);
	}

	private record Compiler(Cluster cluster, Map<String, Map<String, String>> namespaceLabels, List<Pod> pods,
			List<String> notes) {

		PodFirewall firewall(Pod pod) {
			boolean ingressIsolated = false;
			boolean egressIsolated = false;
			List<AllowRule> ingress = new ArrayList<>();
			List<AllowRule> egress = new ArrayList<>();
			for (NetworkPolicy policy : this.cluster.policies()) {
				if (!policy.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
						|| !LabelSelectors.matches(policy.getSpec().getPodSelector(), labels(pod))) {
					continue;
				}
				if (PolicyTypes.isolates(policy, Direction.INGRESS)) {
					ingressIsolated = true;
					List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule> rules = policy.getSpec()
						.getIngress();
					for (int i = 0; rules != null && i < rules.size(); i++) {
						ingress(policy, i, rules.get(i).getFrom(), rules.get(i).getPorts(), pod, ingress);
					}
				}
				if (PolicyTypes.isolates(policy, Direction.EGRESS)) {
					egressIsolated = true;
					List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule> rules = policy.getSpec()
						.getEgress();
					for (int i = 0; rules != null && i < rules.size(); i++) {
						egress(policy, i, rules.get(i).getTo(), rules.get(i).getPorts(), egress);
					}
				}
			}
			return new PodFirewall(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), ip(pod),
					ingressIsolated, egressIsolated, ingress, egress);
		}

		/** Ingress: named ports resolve on the pod itself. */
		private void ingress(NetworkPolicy policy, int index, List<NetworkPolicyPeer> from,
				List<NetworkPolicyPort> ports, Pod pod, List<AllowRule> rules) {
			List<PortMatch> resolved = resolve(ports, pod);
			if (ports != null && !ports.isEmpty() && resolved.isEmpty()) {
				this.notes.add(id(policy) + " ingress[" + index + "]: no port resolves on pod " + id(pod));
				return;
			}
			List<AddressMatch> peers = new ArrayList<>();
			for (Pod peer : peerPods(policy, from)) {
				peers.add(single(ip(peer)));
			}
			peers.addAll(blocks(from));
			if (!peers.isEmpty()) {
				rules.add(new AllowRule(id(policy), index, peers, resolved));
			}
		}

		/** Egress: named ports resolve on each destination pod, so such a rule becomes one rule per pod. */
		private void egress(NetworkPolicy policy, int index, List<NetworkPolicyPeer> to, List<NetworkPolicyPort> ports,
				List<AllowRule> rules) {
			boolean named = ports != null && ports.stream()
				.anyMatch((port) -> port.getPort() != null && port.getPort().getStrVal() != null);
			List<AddressMatch> blocks = blocks(to);
			if (!named) {
				List<AddressMatch> peers = new ArrayList<>();
				for (Pod peer : peerPods(policy, to)) {
					peers.add(single(ip(peer)));
				}
				peers.addAll(blocks);
				if (!peers.isEmpty()) {
					rules.add(new AllowRule(id(policy), index, peers, resolve(ports, null)));
				}
				return;
			}
			List<PortMatch> numeric = resolve(ports, null);
			if (!blocks.isEmpty() && !numeric.isEmpty()) {
				// Outside the cluster only the numeric ports can match: a name means nothing there.
				rules.add(new AllowRule(id(policy), index, blocks, numeric));
			}
			Set<Pod> destinations = new LinkedHashSet<>(peerPods(policy, to));
			for (Pod pod : this.pods) {
				if (inBlocks(ip(pod), to)) {
					destinations.add(pod);
				}
			}
			for (Pod destination : destinations) {
				List<PortMatch> resolved = resolve(ports, destination);
				if (!resolved.isEmpty()) {
					rules.add(new AllowRule(id(policy), index, List.of(single(ip(destination))), resolved));
				}
			}
		}

		/** The pods (with IPs) that the selector peers of a rule match; every pod for an empty peer list. */
		private List<Pod> peerPods(NetworkPolicy policy, List<NetworkPolicyPeer> peers) {
			List<Pod> matched = new ArrayList<>();
			if (peers == null || peers.isEmpty()) {
				return matched;
			}
			for (Pod pod : this.pods) {
				for (NetworkPolicyPeer peer : peers) {
					if (peer.getIpBlock() == null && selects(policy, peer, pod)) {
						matched.add(pod);
						break;
					}
				}
			}
			return matched;
		}

		private boolean selects(NetworkPolicy policy, NetworkPolicyPeer peer, Pod pod) {
			String namespace = pod.getMetadata().getNamespace();
			boolean namespaceMatches = (peer.getNamespaceSelector() == null)
					? namespace.equals(policy.getMetadata().getNamespace())
					: LabelSelectors.matches(peer.getNamespaceSelector(),
							this.namespaceLabels.getOrDefault(namespace, Map.of(NAME_LABEL, namespace)));
			return namespaceMatches && LabelSelectors.matches(peer.getPodSelector(), labels(pod));
		}

		private static List<AddressMatch> blocks(List<NetworkPolicyPeer> peers) {
			if (peers == null || peers.isEmpty()) {
				return EVERYWHERE;
			}
			List<AddressMatch> blocks = new ArrayList<>();
			for (NetworkPolicyPeer peer : peers) {
				IPBlock block = peer.getIpBlock();
				if (block != null) {
					blocks.add(new AddressMatch(block.getCidr(),
							(block.getExcept() != null) ? block.getExcept() : List.of()));
				}
			}
			return blocks;
		}

		private static boolean inBlocks(String ip, List<NetworkPolicyPeer> peers) {
			if (peers == null || peers.isEmpty()) {
				return true;
			}
			for (NetworkPolicyPeer peer : peers) {
				IPBlock block = peer.getIpBlock();
				if (block != null && IpBlocks.contains(block.getCidr(), ip) && (block.getExcept() == null
						|| block.getExcept().stream().noneMatch((except) -> IpBlocks.contains(except, ip)))) {
					return true;
				}
			}
			return false;
		}

		/** Numeric entries as they are; named entries resolved on {@code destination} (skipped when it is null). */
		private static List<PortMatch> resolve(List<NetworkPolicyPort> ports, Pod destination) {
			List<PortMatch> resolved = new ArrayList<>();
			if (ports == null) {
				return resolved;
			}
			for (NetworkPolicyPort port : ports) {
				Protocol protocol = Protocol.of(port.getProtocol());
				IntOrString value = port.getPort();
				if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
					resolved.add(new PortMatch(protocol.name(), null, null));
				}
				else if (value.getIntVal() != null) {
					resolved.add(new PortMatch(protocol.name(), value.getIntVal(), port.getEndPort()));
				}
				else if (destination != null) {
					Integer number = namedPort(destination, value.getStrVal(), protocol);
					if (number != null) {
						resolved.add(new PortMatch(protocol.name(), number, null));
					}
				}
			}
			return resolved;
		}

		private static Integer namedPort(Pod pod, String name, Protocol protocol) {
			if (pod.getSpec() == null) {
				return null;
			}
			for (var container : pod.getSpec().getContainers()) {
				for (ContainerPort port : container.getPorts()) {
					if (name.equals(port.getName()) && Protocol.of(port.getProtocol()) == protocol) {
						return port.getContainerPort();
					}
				}
			}
			return null;
		}

	}

	private static AddressMatch single(String ip) {
		return new AddressMatch(ip + ((ip.indexOf(':') >= 0) ? "/128" : "/32"), List.of());
	}

	private static Map<String, String> labels(Pod pod) {
		return (pod.getMetadata().getLabels() != null) ? pod.getMetadata().getLabels() : Map.of();
	}

	private static String ip(Pod pod) {
		return (pod.getStatus() != null && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isBlank())
				? pod.getStatus().getPodIP() : null;
	}

	private static String id(Pod pod) {
		return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
	}

	private static String id(NetworkPolicy policy) {
		return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
	}

}
