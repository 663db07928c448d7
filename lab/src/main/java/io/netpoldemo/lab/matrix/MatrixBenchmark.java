package io.netpoldemo.lab.matrix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.Protocol;

/**
 * {@code make bench-lab}'s matrix part, printed as Markdown rows for docs/BENCHMARKS.md: building the x/y/z lab (9
 * pods), one matrix on one port with the policies of the given files (denied pairs included), and tearing it down.
 * Baselines measured in the same run: the probe timeout as one matrix of a single denied probe costs it, and one
 * agent JVM started alone. Arguments: the model, a policy file, the number of rounds, the namespace prefix.
 */
public final class MatrixBenchmark {

	private MatrixBenchmark() {
	}

	public static void main(String[] args) {
		Cluster model = ManifestLoader.load(List.of(Path.of(args[0])), "x");
		Cluster policies = ManifestLoader.load(List.of(Path.of(args[1])), "x");
		int rounds = Integer.parseInt(args[2]);
		String prefix = args[3];
		Duration timeout = Duration.ofSeconds(1);
		MatrixTopology topology = MatrixTopology.of(model, prefix, AddressRange.parse("10.250.0.0/24"),
				AddressRange.parse("10.251.0.0/24"), false, Kernel.hasSctp());
		Cluster withPolicies = topology.cluster().withPolicies(policies.policies());
		long[] build = new long[rounds];
		long[] matrix = new long[rounds];
		long[] teardown = new long[rounds];
		long[] oneProbe = new long[rounds];
		int denied = 0;
		for (int round = 0; round < rounds; round++) {
			long start = System.nanoTime();
			MatrixLab lab = MatrixLab.build(topology, (built) -> Runtime.getRuntime().addShutdownHook(new Thread(built::close)));
			build[round] = millis(start);
			try {
				start = System.nanoTime();
				MatrixReport report = Matrix.measure(lab, withPolicies, List.of(new PortQuery("80", Protocol.TCP)),
						false, timeout).get(0);
				matrix[round] = millis(start);
				denied = (int) report.pairs().stream().filter((pair) -> !pair.observed()).count();
				if (!report.agrees()) {
					throw new IllegalStateException("the benchmark's matrix disagrees:\n" + report.text());
				}
				start = System.nanoTime();
				// x/b to x/a: the policy drops it at x/a's ingress, so the probe waits for its timeout.
				lab.probe(List.of(new Probe(1, 0, topology.pods().get(0).ip(), 80, Protocol.TCP)), timeout);
				oneProbe[round] = millis(start);
			}
			finally {
				start = System.nanoTime();
				lab.close();
				teardown[round] = millis(start);
			}
		}
		long agent = median(timed(rounds, () -> AgentStart.nineAtOnce()));
		System.out.printf("| x/y/z lab built: 9 network namespaces, routes, 9 agents ready | %d ms | %.2f x the"
				+ " baseline | %s |%n", median(build), median(build) / (double) agent, Arrays.toString(build));
		System.out.printf("| Baseline: 9 JVMs with the agents' flags started at once (-version) | %d ms | 1.00 | |%n",
				agent);
		System.out.printf("| x/y/z matrix, TCP 80, 81 pairs (%d denied), policies applied first | %d ms | %.2f x the"
				+ " probe timeout (goal <= 2) | %s |%n", denied, median(matrix), median(matrix) / (double) timeout.toMillis(),
				Arrays.toString(matrix));
		System.out.printf("| Baseline: one denied probe, x/b to x/a (timeout %d ms) | %d ms | %.2f x the probe timeout | %s |%n",
				timeout.toMillis(), median(oneProbe), median(oneProbe) / (double) timeout.toMillis(),
				Arrays.toString(oneProbe));
		System.out.printf("| x/y/z lab torn down: agents stopped, 10 namespaces deleted | %d ms | | %s |%n",
				median(teardown), Arrays.toString(teardown));
	}

	private static long[] timed(int rounds, Supplier<Long> run) {
		long[] times = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			times[i] = run.get();
		}
		return times;
	}

	private static long millis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	/** Nine JVMs with the agents' flags, doing nothing: the floor of starting the x/y/z lab's agents. */
	private static final class AgentStart {

		static long nineAtOnce() {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
			command.addAll(MatrixLab.AGENT_JVM_FLAGS);
			command.add("-version");
			long start = System.nanoTime();
			try {
				List<Process> processes = new ArrayList<>();
				for (int i = 0; i < 9; i++) {
					processes.add(new ProcessBuilder(command).redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.DISCARD)
						.start());
				}
				for (Process process : processes) {
					process.waitFor();
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return millis(start);
		}

	}

}
