package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.netpoldemo.netpol.connections.Connection;
import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same answers everywhere: the connections {@code list} computes over port ranges against the verdict of every
 * port from {@code reachability} (the matrix) and from the explained path the user service and the lab use, over
 * the demo's scenarios and every row of the semantics table (the upstream e2e x/y/z model).
 * <p>
 * The ports: every port of TCP for the demo; for the x/y/z rows, every port where some verdict can change (each port
 * number, endPort and container port of the inputs, and its neighbours) plus 1 and 65535. Between two such ports no
 * rule can tell ports apart, so these stand for the whole range.
 */
class ConnectionsAgreementTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("clusters")
	void listAgreesWithReachabilityOnEveryPort(String name, Cluster cluster, boolean everyTcpPort) {
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		ConnectionList list = evaluator.connections();
		Map<String, Peer> peers = new java.util.HashMap<>();
		list.workloads().forEach((peer) -> peers.put(peer.id(), peer));
		List<String> pods = evaluator.pods();
		assertThat(peers.keySet()).as("each pod is a workload of its own here").containsExactlyInAnyOrderElementsOf(pods);
		int compared = 0;
		for (Protocol protocol : Protocol.values()) {
			for (int port : ports(cluster, everyTcpPort && protocol == Protocol.TCP)) {
				Reachability matrix = Reachability.of(evaluator, String.valueOf(port), protocol);
				for (int i = 0; i < pods.size(); i++) {
					for (int j = 0; j < pods.size(); j++) {
						if (i == j) {
							continue;
						}
						Connection connection = list.between(peers.get(pods.get(i)), peers.get(pods.get(j)));
						Verdict listed = connection.allowed().contains(protocol, port) ? Verdict.ALLOWED
								: connection.uncertain().contains(protocol, port) ? Verdict.UNKNOWN : Verdict.DENIED;
						assertThat(listed).as("%s -> %s on %s %d", pods.get(i), pods.get(j), protocol, port)
							.isEqualTo(matrix.verdict(i, j));
						if (!everyTcpPort || port % 1000 == 0) {
							assertThat(listed).as("explained %s -> %s on %s %d", pods.get(i), pods.get(j), protocol, port)
								.isEqualTo(evaluator.evaluate(pods.get(i), pods.get(j), port, protocol).verdict());
						}
						compared++;
					}
				}
			}
		}
		assertThat(compared).isPositive();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clusters")
	void listAgreesWithCallsToEveryAddressRangeAtBothEnds(String name, Cluster cluster, boolean everyTcpPort) {
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		ConnectionList list = evaluator.connections();
		for (Peer range : list.destinations().stream().filter(Peer::isExternal).toList()) {
			for (long address : List.of(range.addresses().first(), last(range))) {
				String ip = ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF)
						+ "." + (address & 0xFF);
				for (Peer workload : list.workloads()) {
					Connection connection = list.between(workload, range);
					for (Protocol protocol : Protocol.values()) {
						for (int port : ports(cluster, false)) {
							Evaluation call = evaluator.call(workload.id(), ip + ":" + port, protocol);
							// An address inside the cluster's pods is no longer outside: the list speaks for the rest.
							if (evaluator.index().podByIp(ip) != null) {
								continue;
							}
							Verdict listed = connection.allowed().contains(protocol, port) ? Verdict.ALLOWED
									: connection.uncertain().contains(protocol, port) ? Verdict.UNKNOWN
											: Verdict.DENIED;
							assertThat(listed).as("%s -> %s on %s %d", workload, ip, protocol, port)
								.isEqualTo(call.verdict());
						}
					}
				}
			}
		}
	}

	@Test
	void theDemoListShowsWorkloadsByKindAndTheInternetAsOneRange() {
		ConnectionList list = new PolicyEvaluator(Demo.with("user-specific-rules-with-dns")).connections();
		List<String> lines = new ArrayList<>();
		list.forEach((connection) -> lines.add(connection.src() + " => " + connection.dst() + " : " + connection.conn()));
		assertThat(lines).contains(
				"0.0.0.0-255.255.255.255[External] => netpol-demo/user-app[Deployment] : All Connections",
				"netpol-demo/user-app[Deployment] => 0.0.0.0-255.255.255.255[External] : TCP 443",
				"netpol-demo/user-app[Deployment] => netpol-demo/auth-app[Deployment] : TCP 443,8124",
				"netpol-demo/user-app[Deployment] => netpol-demo/helloworld-app[Deployment] : TCP 443");
		assertThat(lines).isSorted();
	}

	private static long last(Peer range) {
		List<long[]> ranges = range.addresses().ranges();
		return ranges.get(ranges.size() - 1)[1];
	}

	/** The ports where a verdict can change, or every port. */
	private static List<Integer> ports(Cluster cluster, boolean every) {
		TreeSet<Integer> ports = new TreeSet<>(List.of(1, 65535));
		if (every) {
			for (int port = 1; port <= 65535; port++) {
				ports.add(port);
			}
		}
		List<Integer> numbers = new ArrayList<>();
		for (var policy : cluster.policies()) {
			for (Direction direction : Direction.values()) {
				for (PolicyRule rule : PolicyRule.of(policy, direction)) {
					for (NetworkPolicyPort port : rule.ports()) {
						if (port.getPort() != null && port.getPort().getIntVal() != null) {
							numbers.add(port.getPort().getIntVal());
						}
						if (port.getEndPort() != null) {
							numbers.add(port.getEndPort());
						}
					}
				}
			}
		}
		for (Pod pod : cluster.pods()) {
			pod.getSpec().getContainers().forEach((container) -> container.getPorts()
				.stream()
				.map(ContainerPort::getContainerPort)
				.forEach(numbers::add));
		}
		for (int number : numbers) {
			for (int port = number - 1; port <= number + 1; port++) {
				if (port >= 1 && port <= 65535) {
					ports.add(port);
				}
			}
		}
		return new ArrayList<>(ports);
	}

	static Stream<Arguments> clusters() {
		List<Arguments> clusters = new ArrayList<>();
		DemoScenarioTests.scenarios().forEach((arguments) -> {
			String scenario = (String) arguments.get()[0];
			clusters.add(Arguments.of("demo " + (scenario.isEmpty() ? "(no policy)" : scenario),
					Demo.with(scenario.isEmpty() ? new String[0] : scenario.split("\\+")), true));
		});
		NetworkPolicySemanticsTests.cases().forEach((arguments) -> {
			org.junit.jupiter.api.Named<?> row = (org.junit.jupiter.api.Named<?>) arguments.get()[0];
			clusters.add(Arguments.of("xyz " + row.getName(), XyzModel.cluster((String) row.getPayload()), false));
		});
		return clusters.stream();
	}

}
