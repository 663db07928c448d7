package io.netpoldemo.user.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterState#inApiOrder}: from the last build's order, with objects removed, replaced (a new object under the
 * same name, as a watch's cache replaces a changed one), added and left alone, the same list a full sort gives, in
 * 200 seeded rounds of changes.
 */
class ApiOrderTests {

	private static final Comparator<Pod> API_ORDER = Comparator
		.comparing((Pod pod) -> pod.getMetadata().getNamespace())
		.thenComparing((pod) -> pod.getMetadata().getName());

	@Test
	void mergesWhatChangedIntoTheLastOrderAsAFullSortWould() {
		Random random = new Random(11);
		List<Pod> cache = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			cache.add(pod("ns" + random.nextInt(7), "pod" + i, "v0"));
		}
		List<Pod> before = ClusterState.inApiOrder(shuffled(cache, random), null);
		assertThat(before).isEqualTo(cache.stream().sorted(API_ORDER).toList());
		for (int round = 1; round <= 200; round++) {
			int changes = random.nextInt(6);
			for (int change = 0; change < changes; change++) {
				switch (random.nextInt(3)) {
					case 0 -> cache.remove(random.nextInt(cache.size()));
					case 1 -> {
						int replaced = random.nextInt(cache.size());
						Pod old = cache.get(replaced);
						cache.set(replaced, pod(old.getMetadata().getNamespace(), old.getMetadata().getName(), "v" + round));
					}
					default -> cache.add(pod("ns" + random.nextInt(7), "new" + round + "-" + change, "v" + round));
				}
			}
			List<Pod> now = ClusterState.inApiOrder(shuffled(cache, random), before);
			List<Pod> expected = cache.stream().sorted(API_ORDER).toList();
			assertThat(now).as("round %d", round).hasSameSizeAs(expected);
			for (int i = 0; i < expected.size(); i++) {
				assertThat(now.get(i)).as("round %d, position %d", round, i).isSameAs(expected.get(i));
			}
			before = now;
		}
	}

	private static List<Pod> shuffled(List<Pod> pods, Random random) {
		List<Pod> copy = new ArrayList<>(pods);
		Collections.shuffle(copy, random);
		return copy;
	}

	private static Pod pod(String namespace, String name, String version) {
		return new PodBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.withResourceVersion(version)
			.endMetadata()
			.build();
	}

}
