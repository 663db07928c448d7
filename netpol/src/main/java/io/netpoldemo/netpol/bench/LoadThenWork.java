package io.netpoldemo.netpol.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;

/**
 * How the evaluator's benchmarks time a piece of work against their baseline, in the same run: each round loads and
 * parses the YAML (the baseline), then does the work on what it loaded; after warm-up rounds that let the JIT compile
 * both paths, the medians of each.
 *
 * @param loadNanos the median time to load and parse the file
 * @param workNanos the median time of the work
 * @param result what the work gave in the last round
 * @param <T> what the work gives
 */
record LoadThenWork<T>(long loadNanos, long workNanos, T result) {

	static <T> LoadThenWork<T> time(Path file, int warmUps, int rounds, Function<Cluster, T> work) {
		for (int i = 0; i < warmUps; i++) {
			work.apply(ManifestLoader.load(List.of(file)));
		}
		long[] load = new long[rounds];
		long[] timed = new long[rounds];
		T result = null;
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			Cluster cluster = ManifestLoader.load(List.of(file));
			load[i] = System.nanoTime() - start;
			start = System.nanoTime();
			result = work.apply(cluster);
			timed[i] = System.nanoTime() - start;
		}
		return new LoadThenWork<>(median(load), median(timed), result);
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
