package io.netpoldemo.lab.matrix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.NetworkPolicySemanticsTests;
import io.netpoldemo.netpol.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel against the evaluator on the upstream x/y/z model: one matrix lab (9 pods, TCP and UDP on 80 and 81)
 * serves every row of netpol's semantics table that fits the model, then generated policy sets, each probed on TCP 80,
 * TCP 81 and UDP 80. Zero mismatches; a mismatch prints the seed, the policies and the three tables.
 *
 * <p>
 * {@code -Dmatrix.seed=N} replays a run, {@code -Dmatrix.sets=N} changes the number of sets (default 100),
 * {@code -Dmatrix.timeout=DURATION} the probe timeout (default 500ms: allowed probes answer in a few milliseconds,
 * even with two busy cores; a pair that disagrees is probed again with 2 s before it counts, so a slow answer is
 * never taken for a drop). Needs Linux, root, ip, nft and setpriv; skips with a message where any is missing, except
 * under {@code CI=true}, where it fails instead.
 */
class MatrixIntegrationTests {

	private static final Path MODEL = Path.of("..", "netpol", "src", "test", "resources", "xyz", "model.yaml")
		.toAbsolutePath()
		.normalize();

	/** A prefix of its own, derived from the lab tests' one: a second checkout's LAB_IT_PREFIX covers both. */
	private static final String PREFIX = System.getenv().getOrDefault("LAB_IT_PREFIX", "npt-").replace("-", "")
			+ "m-";

	private static final Duration TIMEOUT = MatrixCommand.duration(System.getProperty("matrix.timeout", "500ms"));

	private static final Duration RECHECK_TIMEOUT = Duration.ofSeconds(2);

	private static final List<PortQuery> GENERATED_QUERIES = List.of(new PortQuery("80", Protocol.TCP),
			new PortQuery("81", Protocol.TCP), new PortQuery("80", Protocol.UDP));

	private static MatrixLab lab;

	private static MatrixTopology topology;

	@BeforeAll
	static void build() {
		HostRequirements.require("The matrix lab tests");
		boolean sctp = Kernel.hasSctp();
		if (!sctp) {
			System.out.println("This kernel has no SCTP: the model's SCTP ports are not served here; the evaluator's"
					+ " own tests (NetworkPolicySemanticsTests) cover SCTP.");
		}
		topology = MatrixTopology.of(ManifestLoader.load(List.of(MODEL), "x"), PREFIX,
				AddressRange.parse("10.250.0.0/24"), AddressRange.parse("10.251.0.0/24"), true, sctp);
		lab = MatrixLab.build(topology, (built) -> Runtime.getRuntime().addShutdownHook(new Thread(built::close)));
	}

	@AfterAll
	static void tearDown() {
		if (lab != null) {
			lab.close();
		}
	}

	/** Every row of the evaluator's semantics table on a port and protocol the lab serves. */
	static Stream<Arguments> semanticsRows() {
		return NetworkPolicySemanticsTests.cases().filter((row) -> {
			Protocol protocol = (Protocol) row.get()[2];
			return protocol == Protocol.TCP || protocol == Protocol.UDP;
		}).map((row) -> {
			@SuppressWarnings("unchecked")
			Named<String> policies = (Named<String>) row.get()[0];
			return Arguments.of(policies, row.get()[1], row.get()[2]);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("semanticsRows")
	void kernelAgreesWithTheEvaluatorOnEverySemanticsRow(String policies, int port, Protocol protocol) {
		List<String> failures = check(policies, List.of(new PortQuery(Integer.toString(port), protocol)), false);
		assertThat(failures).as("policies:\n%s", policies).isEmpty();
	}

	@Test
	void kernelAgreesThroughServicesToo() {
		String policies = NetworkPolicySemanticsTests.cases()
			.map((row) -> (Named<?>) row.get()[0])
			.filter((named) -> named.getName().equals("namedPortResolvesOnTheDestinationPodForIngress"))
			.map((named) -> (String) named.getPayload())
			.findFirst()
			.orElseThrow();
		List<String> failures = check(policies,
				List.of(new PortQuery("81", Protocol.TCP), new PortQuery("serve-80-tcp", Protocol.TCP)), true);
		assertThat(failures).isEmpty();
	}

	@Test
	void kernelAgreesWithTheEvaluatorOnGeneratedPolicySets() {
		long seed = Long.getLong("matrix.seed", System.nanoTime());
		int sets = Integer.getInteger("matrix.sets", 100);
		System.out.println("Generated policy sets: seed " + seed + " (replay with -Dmatrix.seed=" + seed + "), " + sets
				+ " sets, probe timeout " + TIMEOUT.toMillis() + " ms");
		PolicyGenerator generator = new PolicyGenerator(seed);
		List<String> failures = new ArrayList<>();
		for (int set = 0; set < sets; set++) {
			String policies = generator.next();
			for (String failure : check(policies, GENERATED_QUERIES, false)) {
				failures.add("seed " + seed + ", set " + set + ":\n" + policies + "\n" + failure);
			}
		}
		assertThat(failures).as("mismatches (seed %d)", seed).isEmpty();
	}

	/** One round: the policies in force, every pair probed for every query; the tables of any that disagrees. */
	private static List<String> check(String policies, List<PortQuery> queries, boolean viaService) {
		List<NetworkPolicy> parsed = ManifestLoader.parse(policies, Path.of("policies.yaml"), "x").policies();
		Cluster cluster = topology.cluster().withPolicies(parsed);
		List<String> failures = new ArrayList<>();
		List<MatrixReport> reports = Matrix.measure(lab, cluster, queries, viaService, TIMEOUT);
		for (int q = 0; q < queries.size(); q++) {
			if (!reports.get(q).agrees()) {
				// A slow answer is not a drop: the same round again with a long timeout decides.
				MatrixReport again = Matrix.measure(lab, cluster, List.of(queries.get(q)), viaService, RECHECK_TIMEOUT)
					.get(0);
				if (!again.agrees()) {
					failures.add(again.text() + disagreeing(again));
				}
			}
		}
		return failures;
	}

	private static String disagreeing(MatrixReport report) {
		StringBuilder text = new StringBuilder();
		report.pairs()
			.stream()
			.filter((pair) -> pair.agreement() == Agreement.MISMATCH)
			.forEach((pair) -> text.append("  ").append(pair.from()).append(" -> ").append(pair.to())
				.append(": expected ").append(pair.expected() ? "allowed" : "denied").append(", observed ")
				.append(pair.detail()).append('\n'));
		return text.toString();
	}

}
