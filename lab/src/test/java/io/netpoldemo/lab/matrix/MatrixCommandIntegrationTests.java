package io.netpoldemo.lab.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lab matrix} end to end on manifests that are not the x/y/z model: a pod without ports, a named port only one
 * pod has, Services, and the lab gone afterwards. Needs root, ip, nft and setpriv (see {@link HostRequirements}).
 */
class MatrixCommandIntegrationTests {

	private static final String PREFIX = System.getenv().getOrDefault("LAB_IT_PREFIX", "npt-").replace("-", "")
			+ "c-";

	private static final String MANIFESTS = """
			apiVersion: v1
			kind: Namespace
			metadata: {name: shop, labels: {team: shop}}
			---
			apiVersion: apps/v1
			kind: Deployment
			metadata: {name: web, namespace: shop}
			spec:
			  selector: {matchLabels: {app: web}}
			  template:
			    metadata: {labels: {app: web}}
			    spec:
			      containers:
			      - {name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}
			---
			apiVersion: v1
			kind: Pod
			metadata: {name: db, namespace: shop, labels: {app: db}}
			spec:
			  containers:
			  - {name: db, image: postgres, ports: [{name: pg, containerPort: 5432}, {name: http, containerPort: 8080, protocol: UDP}]}
			---
			apiVersion: v1
			kind: Pod
			metadata: {name: batch, namespace: shop, labels: {app: batch}}
			spec:
			  containers:
			  - {name: batch, image: busybox}
			---
			# web accepts only batch: db's calls to web are denied.
			apiVersion: networking.k8s.io/v1
			kind: NetworkPolicy
			metadata: {name: web-from-batch, namespace: shop}
			spec:
			  podSelector: {matchLabels: {app: web}}
			  ingress:
			  - from: [{podSelector: {matchLabels: {app: batch}}}]
			    ports: [{port: http}]
			""";

	@TempDir
	static Path dir;

	private static Path manifests;

	@BeforeAll
	static void write() throws IOException {
		HostRequirements.require("The lab matrix command tests");
		manifests = Files.writeString(dir.resolve("shop.yaml"), MANIFESTS);
	}

	@Test
	void namedPortsResolvePerPodAndAPodWithoutPortsIsASourceOnly() throws IOException {
		MatrixCommandTests.Run run = MatrixCommandTests.matrix("-f", manifests.toString(), "--port", "http", "-o",
				"json", "--prefix", PREFIX);
		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.err()).contains("shop/batch declares no port: probed as a source only");
		JsonNode json = new ObjectMapper().readTree(run.out());
		assertThat(json.path("pods")).extracting(JsonNode::asText).containsExactly("shop/web", "shop/db", "shop/batch");
		List<String> pairs = new ArrayList<>();
		json.path("pairs").forEach((pair) -> pairs.add(pair.path("from").asText() + ">" + pair.path("to").asText() + " "
				+ pair.path("expected").asText() + "/" + pair.path("observed").asText() + " "
				+ pair.path("agreement").asText()));
		assertThat(pairs).containsExactly("shop/web>shop/web true/true MATCH", "shop/web>shop/db null/false UNKNOWN",
				"shop/web>shop/batch null/false UNKNOWN", "shop/db>shop/web false/false MATCH",
				"shop/db>shop/db null/false UNKNOWN", "shop/db>shop/batch null/false UNKNOWN",
				"shop/batch>shop/web true/true MATCH", "shop/batch>shop/db null/false UNKNOWN",
				"shop/batch>shop/batch null/false UNKNOWN");
		assertThat(Files.exists(Path.of("/run/netns", PREFIX + "r"))).as("the lab is removed").isFalse();
	}

	@Test
	void probesThroughAServicePerPod() {
		MatrixCommandTests.Run run = MatrixCommandTests.matrix("-f", manifests.toString(), "--port", "8080", "--via",
				"service", "--timeout", "500ms", "--prefix", PREFIX);
		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.out()).contains("Port 8080/TCP via service").contains("9 pairs: 3 MATCH, 0 MISMATCH, 6 UNKNOWN");
		assertThat(Files.exists(Path.of("/run/netns", PREFIX + "r"))).as("the lab is removed").isFalse();
	}

	/**
	 * Ctrl-C (SIGINT to the command's JVM, as a terminal sends it) while the lab is being built or probed: the command
	 * ends and leaves no namespace of its prefix behind.
	 */
	@Test
	void ctrlCRemovesWhateverWasBuilt() throws Exception {
		String prefix = PREFIX.replace("-", "") + "i-";
		Path repository = Path.of("..").toAbsolutePath().normalize();
		Path log = dir.resolve("interrupted.log");
		Process matrix = new ProcessBuilder(repository.resolve("lab/bin/lab").toString(), "matrix", "-f",
				manifests.toString(), "--port", "8080", "--timeout", "5s", "--prefix", prefix)
			.directory(repository.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
			while (!Files.exists(Path.of("/run/netns", prefix + "r"))) {
				assertThat(matrix.isAlive()).as("still running: %s", Files.readString(log)).isTrue();
				assertThat(System.nanoTime()).as("the lab's first namespace within 120 s").isLessThan(deadline);
				Thread.sleep(20);
			}
			Process interrupt = new ProcessBuilder("kill", "-INT", String.valueOf(matrix.pid())).start();
			assertThat(interrupt.waitFor()).isZero();
			assertThat(matrix.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGINT: %s", Files.readString(log)).isTrue();
			// Interrupted (128 + SIGINT), not finished: a denied pair alone waits the 5 s probe timeout.
			assertThat(matrix.exitValue()).as(Files.readString(log)).isEqualTo(130);
		}
		finally {
			matrix.destroyForcibly();
		}
		try (Stream<Path> namespaces = Files.list(Path.of("/run/netns"))) {
			assertThat(namespaces.map((path) -> path.getFileName().toString()).filter((name) -> name.startsWith(prefix)))
				.as("namespaces left after Ctrl-C: %s", Files.readString(log))
				.isEmpty();
		}
	}

}
