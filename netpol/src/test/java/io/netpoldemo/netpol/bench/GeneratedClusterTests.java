package io.netpoldemo.netpol.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.connections.Connection;
import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.Peer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks' clusters, small: many pods alike (same namespace, labels and ports), so the matrix and the list
 * evaluate one pod per class. Every pair must get the verdict its own pods get.
 */
class GeneratedClusterTests {

	@ParameterizedTest
	@ValueSource(strings = { "80", "81", "http", "metrics" })
	void theMatrixByClassesGivesEveryPairItsOwnVerdict(String port) {
		PolicyEvaluator evaluator = new PolicyEvaluator(
				ManifestLoader.parse(ClusterGenerator.yaml(120, 60, new Random(7)), Path.of("cluster.yaml"), "default"));
		Reachability matrix = Reachability.of(evaluator, port, Protocol.TCP);
		List<String> pods = matrix.pods();
		int allowed = 0;
		for (int i = 0; i < pods.size(); i++) {
			for (int j = 0; j < pods.size(); j++) {
				int number = port.chars().allMatch(Character::isDigit) ? Integer.parseInt(port)
						: evaluator.containerPort(pods.get(j), port, Protocol.TCP);
				assertThat(matrix.verdict(i, j)).as("%s -> %s", pods.get(i), pods.get(j))
					.isEqualTo(evaluator.verdict(pods.get(i), pods.get(j), number, Protocol.TCP));
				allowed += matrix.verdict(i, j).name().equals("ALLOWED") ? 1 : 0;
			}
		}
		assertThat(allowed).as("some allowed, some not").isBetween(pods.size(), pods.size() * pods.size() - 1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 53, 443, 3868, 8000, 8002, 9000, 9100 })
	void theListOfWorkloadsGivesEachWorkloadItsFirstPodsVerdicts(int port) {
		PolicyEvaluator evaluator = new PolicyEvaluator(ManifestLoader.parse(
				WorkloadClusterGenerator.yaml(6, 30, 90, 40, new Random(7)), Path.of("cluster.yaml"), "default"));
		ConnectionList list = evaluator.connections();
		for (Protocol protocol : Protocol.values()) {
			for (Peer src : list.workloads()) {
				for (Peer dst : list.workloads()) {
					if (src.equals(dst)) {
						continue;
					}
					Connection connection = list.between(src, dst);
					// The generator names a workload's first pod <workload>-0.
					assertThat(connection.allowed().contains(protocol, port))
						.as("%s -> %s on %s %d", src, dst, protocol, port)
						.isEqualTo(evaluator.verdict(src.id() + "-0", dst.id() + "-0", port, protocol).name()
							.equals("ALLOWED"));
				}
			}
		}
	}

}
