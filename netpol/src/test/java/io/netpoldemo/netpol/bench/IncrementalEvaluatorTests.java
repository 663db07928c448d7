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
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
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
		Cluster before = generated(directory, 7);
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
		assertSameTables(incremental, fresh);
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

	@Test
	void readsAgainOnlyThePoliciesThatChanged(@TempDir Path directory) throws IOException {
		Cluster before = generated(directory, 11);
		PolicyEvaluator previous = new PolicyEvaluator(before);

		// One policy replaced by a new object that denies everything to the pods it selects (as a watch's cache
		// replaces an edited policy), one removed, one added under a new name; the others are the same objects.
		List<NetworkPolicy> policies = new ArrayList<>(before.policies());
		NetworkPolicy edited = policies.stream()
			.filter((policy) -> policy.getSpec().getPodSelector() != null
					&& (policy.getSpec().getPodSelector().getMatchLabels() == null
							|| policy.getSpec().getPodSelector().getMatchLabels().isEmpty())
					&& policy.getSpec().getPodSelector().getMatchExpressions().isEmpty())
			.findFirst()
			.orElse(policies.get(0));
		policies.set(policies.indexOf(edited), new NetworkPolicyBuilder(edited).editSpec()
			.withIngress(List.of())
			.withEgress(List.of())
			.withPolicyTypes("Ingress", "Egress")
			.endSpec()
			.build());
		NetworkPolicy removed = policies.remove(policies.size() - 1);
		policies.add(new NetworkPolicyBuilder(removed).editMetadata().withName("added").endMetadata().build());
		policies.remove(policies.size() - 2);
		Cluster after = Cluster.of(before.namespaces(), before.pods(), before.services(), policies);

		PolicyEvaluator incremental = new PolicyEvaluator(after, previous);
		PolicyEvaluator fresh = new PolicyEvaluator(after);
		assertSameTables(incremental, fresh);
		for (String from : fresh.pods().subList(0, 20)) {
			for (String to : fresh.pods().subList(20, 40)) {
				assertThat(incremental.evaluate(from, to, 80, Protocol.TCP).explanation())
					.isEqualTo(fresh.evaluate(from, to, 80, Protocol.TCP).explanation());
			}
		}
		// The edit matters to the verdicts, so rules reused from the edited policy's old object would show.
		assertThat(Reachability.of(fresh, "80", Protocol.TCP).table())
			.isNotEqualTo(Reachability.of(previous, "80", Protocol.TCP).table());
	}

	/** A generated cluster of 120 pods and 60 policies, read as every input is. */
	private static Cluster generated(Path directory, long seed) throws IOException {
		Path file = directory.resolve("cluster.yaml");
		Files.writeString(file, ClusterGenerator.yaml(120, 60, new Random(seed)));
		return ManifestLoader.load(List.of(file));
	}

	private static void assertSameTables(PolicyEvaluator incremental, PolicyEvaluator fresh) {
		for (String port : List.of("80", "http", "9090", "53")) {
			for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
				assertThat(Reachability.of(incremental, port, protocol).table()).as("%s %s", protocol, port)
					.isEqualTo(Reachability.of(fresh, port, protocol).table());
			}
		}
	}

	private static String id(Pod pod) {
		return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
	}

}
