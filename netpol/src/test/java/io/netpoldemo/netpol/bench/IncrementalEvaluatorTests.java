package io.netpoldemo.netpol.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An evaluator built from an earlier one ({@link PolicyEvaluator#PolicyEvaluator(Cluster, PolicyEvaluator)}, what the
 * user service does on each change its watches see) answers exactly as one built from scratch: pods removed,
 * relabelled (a new object under the same name, as a watch's cache replaces it), added and left alone.
 */
class IncrementalEvaluatorTests {

	@Test
	void answersAsAnEvaluatorBuiltFromScratch(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("cluster.yaml");
		Files.writeString(file, ClusterGenerator.yaml(120, 60, new Random(7)));
		Cluster before = ManifestLoader.load(List.of(file));
		PolicyEvaluator previous = new PolicyEvaluator(before);
		String reachableBefore = Reachability.of(previous, "80", Protocol.TCP).table();

		List<Pod> pods = new ArrayList<>(before.pods());
		pods.remove(40);
		pods.remove(3);
		Pod relabelled = pods.get(10);
		Map<String, String> labels = new HashMap<>(relabelled.getMetadata().getLabels());
		labels.put("tier", "db".equals(labels.get("tier")) ? "web" : "db");
		pods.set(10, new PodBuilder(relabelled).editMetadata().withLabels(labels).endMetadata().build());
		pods.add(new PodBuilder(pods.get(20)).editMetadata().withName("added").endMetadata().build());
		Cluster after = Cluster.of(before.namespaces(), pods, before.services(), before.policies());

		PolicyEvaluator incremental = new PolicyEvaluator(after, previous);
		PolicyEvaluator fresh = new PolicyEvaluator(after);
		assertThat(incremental.pods()).isEqualTo(fresh.pods()).hasSize(119);
		String relabelledId = id(pods.get(10));
		assertThat(incremental.pods()).contains(id(pods.get(pods.size() - 1))).doesNotContain(id(before.pods().get(3)));
		for (String port : List.of("80", "http", "9090", "53")) {
			for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
				assertThat(Reachability.of(incremental, port, protocol).table()).as("%s %s", protocol, port)
					.isEqualTo(Reachability.of(fresh, port, protocol).table());
			}
		}
		for (String other : fresh.pods()) {
			assertThat(incremental.evaluate(other, relabelledId, 80, Protocol.TCP).reason())
				.isEqualTo(fresh.evaluate(other, relabelledId, 80, Protocol.TCP).reason());
			assertThat(incremental.evaluate(relabelledId, other, 80, Protocol.TCP).reason())
				.isEqualTo(fresh.evaluate(relabelledId, other, 80, Protocol.TCP).reason());
		}
		// The relabelling matters to the policies, so a stale reuse would show.
		assertThat(Reachability.of(fresh, "80", Protocol.TCP).table()).isNotEqualTo(reachableBefore);
		// And the earlier evaluator still answers for the cluster it was built from.
		assertThat(Reachability.of(previous, "80", Protocol.TCP).table()).isEqualTo(reachableBefore);
	}

	private static String id(Pod pod) {
		return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
	}

}
