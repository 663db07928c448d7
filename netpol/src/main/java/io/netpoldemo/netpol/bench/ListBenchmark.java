package io.netpoldemo.netpol.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.connections.ListFormat;

/**
 * {@code netpol list} for a generated cluster (10,000 pods in 2,000 workloads over 100 namespaces, 2,000 policies of
 * every shape by default), timed against a baseline measured in the same run: loading and parsing the same YAML.
 * The list is written as txt to a writer that only counts, so that the disk does not take part. Prints a Markdown
 * table for docs/BENCHMARKS.md. Arguments: {@code [pods] [workloads] [namespaces] [policies] [rounds]}.
 */
public final class ListBenchmark {

	private ListBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		int pods = argument(args, 0, 10_000);
		int workloads = argument(args, 1, 2_000);
		int namespaces = argument(args, 2, 100);
		int policies = argument(args, 3, 2_000);
		int rounds = argument(args, 4, 3);
		try (ScratchDirectory scratch = new ScratchDirectory()) {
			Path file = scratch.write("cluster.yaml",
					WorkloadClusterGenerator.yaml(namespaces, workloads, pods, policies, new Random(42)));
			LoadThenWork<Counter> timed = LoadThenWork.time(file, 1, rounds, ListBenchmark::list);
			long loadMedian = timed.loadNanos();
			long listMedian = timed.workNanos();
			Counter written = timed.result();
			System.out.printf("| what | median of %d rounds | ratio to the baseline |%n", rounds);
			System.out.println("| --- | ---: | ---: |");
			System.out.printf("| baseline: load and parse %,d pods, %,d policies, %d namespaces (%,d KiB of YAML) | %d ms | 1.0 |%n",
					pods, policies, namespaces, Files.size(file) / 1024, loadMedian / 1_000_000);
			System.out.printf("| list: every connection of %,d workloads over every port (%,d lines, %,d MiB of txt) | %d ms | %.1f |%n",
					workloads, written.lines, written.chars / (1024 * 1024), listMedian / 1_000_000,
					(double) listMedian / loadMedian);
			System.out.printf("| list end to end (load, parse and list) | %d ms | %.1f |%n",
					(loadMedian + listMedian) / 1_000_000, (double) (loadMedian + listMedian) / loadMedian);
			Runtime runtime = Runtime.getRuntime();
			System.out.printf("%njava %s, %d processors, max heap %d MiB%n", System.getProperty("java.version"),
					runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024));
		}
	}

	private static Counter list(Cluster cluster) {
		Counter counter = new Counter();
		ListFormat.txt.write(new PolicyEvaluator(cluster).connections(), new PrintWriter(counter));
		return counter;
	}

	/** Counts what the list writes, and keeps none of it. */
	private static final class Counter extends Writer {

		long chars;

		long lines;

		@Override
		public void write(char[] buffer, int offset, int length) {
			this.chars += length;
			for (int i = offset; i < offset + length; i++) {
				if (buffer[i] == '\n') {
					this.lines++;
				}
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

	private static int argument(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
