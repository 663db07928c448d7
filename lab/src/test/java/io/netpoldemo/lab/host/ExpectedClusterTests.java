package io.netpoldemo.lab.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.netpoldemo.lab.topology.ManifestSet;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file the user service reads in the lab must give its evaluator the very cluster the lab's rules were planned
 * from: same objects, same verdicts and reasons, for every scenario.
 */
class ExpectedClusterTests {

	private static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();

	private static final List<String> TARGETS = List.of("http://auth-app-service:8124/authenticate",
			"http://helloworld-app-service:8889/", "https://api.github.com/users/octocat", "https://httpbin.org/ip",
			"tcp://kube-dns.kube-system.svc.cluster.local:53", "http://argocd-server.argocd.svc.cluster.local/",
			"tcp://10.96.0.102:8889");

	@TempDir
	Path state;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "user-default-deny", "user-default-deny user-allow-dns", "user-internet-access",
			"user-specific-rules", "user-specific-rules-with-dns", "hello-deny-ingress",
			"user-internet-access hello-deny-ingress" })
	void givesTheUserServiceTheClusterTheRulesWerePlannedFrom(String scenarios) {
		List<Path> policies = Stream.of(scenarios.split(" "))
			.filter((name) -> !name.isEmpty())
			.map((name) -> K8S.resolve("policies").resolve(name + ".yaml"))
			.toList();
		Cluster planned = runtime().cluster(policies);
		Path file = this.state.resolve("cluster.yaml");
		ExpectedCluster.write(file, planned, policies);
		Cluster read = ManifestLoader.load(List.of(file));

		assertThat(read.namespaces()).hasSameSizeAs(planned.namespaces());
		assertThat(read.pods()).hasSameSizeAs(planned.pods());
		List<String> plannedIps = planned.services().stream().map((service) -> service.getSpec().getClusterIP()).toList();
		assertThat(read.services()).extracting((service) -> service.getSpec().getClusterIP())
			.containsExactlyElementsOf(plannedIps)
			.doesNotContainNull();
		assertThat(read.policies()).hasSameSizeAs(planned.policies());
		PolicyEvaluator expected = new PolicyEvaluator(planned);
		PolicyEvaluator actual = new PolicyEvaluator(read);
		for (String target : TARGETS) {
			assertThat(actual.call("netpol-demo/user-app-0", target).reason()).as(target)
				.isEqualTo(expected.call("netpol-demo/user-app-0", target).reason());
		}
	}

	@Test
	void replacesTheFileReadableByEveryoneAndLeavesNoTemporaryFile() throws IOException {
		Path file = this.state.resolve("cluster.yaml");
		ExpectedCluster.write(file, runtime().cluster(List.of()), List.of());
		ExpectedCluster.write(file, runtime().cluster(List.of(K8S.resolve("policies/user-default-deny.yaml"))),
				List.of(K8S.resolve("policies/user-default-deny.yaml")));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
		assertThat(Files.readString(file)).contains("user-app-default-deny");
		try (Stream<Path> files = Files.list(this.state)) {
			assertThat(files).containsExactly(file);
		}
	}

	private LabRuntime runtime() {
		LabSettings settings = new LabSettings("npx-", this.state, K8S.getParent(), K8S, Path.of("java"), "",
				Duration.ZERO);
		return new LabRuntime(ManifestSet.load(K8S), settings, new PrintStream(OutputStream.nullOutputStream()));
	}

}
