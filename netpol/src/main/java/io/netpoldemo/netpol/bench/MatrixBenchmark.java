package io.netpoldemo.netpol.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.Verdict;

/**
 * The full reachability matrix for a generated cluster (500 pods, 200 policies by default), timed against a baseline
 * measured in the same run: loading and parsing the same YAML. Prints a Markdown table for docs/BENCHMARKS.md.
 * Arguments: {@code [pods] [policies] [rounds]}.
 */
public final class MatrixBenchmark {

	private static final int NAMESPACES = 10;

	private MatrixBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		int pods = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int policies = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		try (ScratchDirectory scratch = new ScratchDirectory()) {
			Path file = scratch.write("cluster.yaml", ClusterGenerator.yaml(pods, policies, new Random(42)));
			LoadThenWork<Long> timed = LoadThenWork.time(file, 2, rounds, MatrixBenchmark::matrix);
			long loadMedian = timed.loadNanos();
			long matrixMedian = timed.workNanos();
			long allowed = timed.result();
			long pairs = (long) pods * pods;
			System.out.printf("| what | median of %d rounds | ratio to the baseline |%n", rounds);
			System.out.println("| --- | ---: | ---: |");
			System.out.printf("| baseline: load and parse %d pods and %d policies (%d KiB of YAML) | %d ms | 1.0 |%n",
					pods, policies, Files.size(file) / 1024, loadMedian / 1_000_000);
			System.out.printf("| full matrix: %,d pod pairs on TCP 80 (%,d allowed) | %d ms | %.1f |%n",
					pairs, allowed, matrixMedian / 1_000_000, (double) matrixMedian / loadMedian);
			System.out.printf("%nper pair: %.1f µs; java %s, %d processors%n", matrixMedian / 1000.0 / pairs,
					System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		}
	}

	private static long matrix(Cluster cluster) {
		Reachability reachability = Reachability.of(new PolicyEvaluator(cluster), "80", Protocol.TCP);
		long allowed = 0;
		for (int i = 0; i < reachability.pods().size(); i++) {
			for (int j = 0; j < reachability.pods().size(); j++) {
				if (reachability.verdict(i, j) == Verdict.ALLOWED) {
					allowed++;
				}
			}
		}
		return allowed;
	}

	static int namespaces() {
		return NAMESPACES;
	}

}
