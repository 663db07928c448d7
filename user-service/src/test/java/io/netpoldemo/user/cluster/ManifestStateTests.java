package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expectations from manifest files, as the lab writes them: the demo's own manifests, a kube-system with the cluster
 * DNS, and the scenarios of {@code k8s/policies/} in a directory whose kustomization gives them the demo's namespace.
 */
class ManifestStateTests {

	/** {@link io.netpoldemo.netpol.ManifestLoader} names a Deployment's pod after the Deployment. */
	private static final PodIdentity USER_POD = new PodIdentity("user-service", "test", "user-app",
			DemoCluster.NAMESPACE, null, "user-app");

	private static final Target AUTH = new Target("auth", "peers", Kind.HTTP,
			"http://auth-app-service:8124/authenticate");

	private static final Target HELLO = new Target("hello", "peers", Kind.HTTP, "http://helloworld-app-service:8889/");

	private static final Target DNS = new Target("kube-dns", "cross-namespace", Kind.TCP,
			"tcp://kube-dns.kube-system.svc.cluster.local:53");

	private static final String KUBE_SYSTEM = """
			apiVersion: v1
			kind: Pod
			metadata:
			  name: coredns-0
			  namespace: kube-system
			  labels:
			    k8s-app: kube-dns
			spec:
			  containers:
			    - name: coredns
			      ports:
			        - {name: dns, containerPort: 53, protocol: UDP}
			        - {name: dns-tcp, containerPort: 53, protocol: TCP}
			status:
			  podIP: 10.244.0.2
			---
			apiVersion: v1
			kind: Service
			metadata:
			  name: kube-dns
			  namespace: kube-system
			spec:
			  selector:
			    k8s-app: kube-dns
			  ports:
			    - {name: dns, port: 53, protocol: UDP}
			    - {name: dns-tcp, port: 53, protocol: TCP}
			""";

	@TempDir
	Path directory;

	private Path policies;

	private Path active;

	@BeforeEach
	void writeCluster() throws IOException {
		Files.writeString(this.directory.resolve("kube-system.yaml"), KUBE_SYSTEM);
		this.policies = Files.createDirectories(this.directory.resolve("policies"));
		Files.writeString(this.policies.resolve("kustomization.yaml"), "namespace: " + DemoCluster.NAMESPACE + "\n");
		this.active = this.policies.resolve("active.yaml");
		Files.writeString(this.active, "");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			# scenarios in force               | auth    | hello   | kube-dns
			none                               | ALLOWED | ALLOWED | ALLOWED
			user-default-deny                  | DENIED  | DENIED  | DENIED
			user-default-deny user-allow-dns   | DENIED  | DENIED  | ALLOWED
			user-internet-access hello-deny-ingress | ALLOWED | DENIED | ALLOWED
			""")
	void expectsWhatThePoliciesInTheFilesSay(String scenarios, Expected auth, Expected hello, Expected dns)
			throws IOException {
		replace(this.active, scenarios(scenarios.split(" ")));
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			assertThat(List.of(expectations.expect(AUTH.call()).expected(), expectations.expect(HELLO.call()).expected(),
					expectations.expect(DNS.call()).expected()))
				.containsExactly(auth, hello, dns);
		}
	}

	@Test
	void namesTheDenyingPolicyAndTheSelectingPolicies() throws IOException {
		replace(this.active, scenarios("user-default-deny"));
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			assertThat(expectations.expect(AUTH.call()).policy()).contains("user-app-default-deny");
			assertThat(expectations.selectingPolicies()).hasValueSatisfying((names) -> assertThat(names).containsExactly("user-app-default-deny"));
		}
	}

	@Test
	void reloadsWhenAFileIsReplaced() throws IOException {
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.ALLOWED);
			replace(this.active, scenarios("user-default-deny"));
			assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.DENIED);
		}
	}

	@Test
	void reloadsWhenAFileIsAddedToADirectory() throws IOException {
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			assertThat(expectations.expect(HELLO.call()).expected()).isEqualTo(Expected.ALLOWED);
			Files.writeString(this.policies.resolve("hello.yaml"), scenarios("hello-deny-ingress"));
			assertThat(expectations.expect(HELLO.call()).expected()).isEqualTo(Expected.DENIED);
		}
	}

	@Test
	void keepsTheLastGoodStateAndSaysWhyWhenAFileBreaks() throws IOException {
		replace(this.active, scenarios("user-default-deny"));
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.DENIED);
			Files.writeString(this.active, "kind: NetworkPolicy\nmetadata: {name: broken}\nspec: {podSelector: [}\n");
			Expectation broken = expectations.expect(AUTH.call());
			assertThat(broken.expected()).isEqualTo(Expected.DENIED);
			assertThat(broken.policy()).contains("user-app-default-deny")
				.contains("[as last seen: " + this.active)
				.contains("the last files that loaded are used");
			replace(this.active, scenarios("user-internet-access"));
			Expectation fixed = expectations.expect(AUTH.call());
			assertThat(fixed.expected()).isEqualTo(Expected.ALLOWED);
			assertThat(fixed.policy()).doesNotContain("as last seen");
		}
	}

	@Test
	void unknownWithTheLoaderMessageWhenTheFilesNeverLoaded() throws IOException {
		Files.writeString(this.active, "kind: Gadget\nmetadata: {name: odd}\n");
		try (PolicyExpectations expectations = expectations(Duration.ZERO, System::nanoTime)) {
			Expectation expectation = expectations.expect(AUTH.call());
			assertThat(expectation.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(expectation.policy()).startsWith("cannot load the policy manifests: " + this.active)
				.contains("Gadget");
		}
	}

	@Test
	void parsesNothingAgainWhileNoFileChanged() throws IOException {
		replace(this.active, scenarios("user-default-deny"));
		ManifestState state = new ManifestState(paths(), Duration.ZERO);
		PolicyState.Snapshot first = state.evaluator();
		PolicyState.Snapshot second = state.evaluator();
		assertThat(second.evaluator()).isSameAs(first.evaluator());
		assertThat(state.parses()).isEqualTo(1);
	}

	@Test
	void looksAtTheFilesAtMostOncePerRecheckInterval() throws IOException {
		AtomicLong now = new AtomicLong();
		ManifestState state = new ManifestState(paths(), Duration.ofSeconds(1), now::get);
		PolicyExpectations expectations = new PolicyExpectations(state, USER_POD);
		denyAfterFirstLook(expectations, () -> now.addAndGet(Duration.ofMillis(999).toNanos()));
		now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.DENIED);
		assertThat(state.parses()).isEqualTo(2);
	}

	@Test
	void looksForAChangeAsARoundOfChecksStarts() throws IOException {
		PolicyExpectations expectations = new PolicyExpectations(
				new ManifestState(paths(), Duration.ofHours(1), () -> 0L), USER_POD);
		denyAfterFirstLook(expectations, () -> {
		});
		expectations.roundStarting();
		assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.DENIED);
	}

	/** Puts user-default-deny in force after a first look, and checks that it is not seen before the next one. */
	private void denyAfterFirstLook(PolicyExpectations expectations, Runnable meanwhile) throws IOException {
		assertThat(expectations.expect(AUTH.call()).expected()).isEqualTo(Expected.ALLOWED);
		replace(this.active, scenarios("user-default-deny"));
		meanwhile.run();
		assertThat(expectations.expect(AUTH.call()).expected()).as("before the next look").isEqualTo(Expected.ALLOWED);
	}

	private PolicyExpectations expectations(Duration recheck, java.util.function.LongSupplier clock) {
		return new PolicyExpectations(new ManifestState(paths(), recheck, clock), USER_POD);
	}

	private List<Path> paths() {
		return List.of(DemoCluster.K8S.resolve("namespace.yaml"), DemoCluster.K8S.resolve("user-service.yaml"),
				DemoCluster.K8S.resolve("auth-service.yaml"), DemoCluster.K8S.resolve("helloworld-service.yaml"),
				this.directory.resolve("kube-system.yaml"), this.policies);
	}

	private static String scenarios(String... names) throws IOException {
		StringBuilder yaml = new StringBuilder();
		for (String name : names) {
			if (!name.equals("none")) {
				yaml.append("---\n").append(Files.readString(DemoCluster.K8S.resolve("policies").resolve(name + ".yaml")));
			}
		}
		return yaml.toString();
	}

	/** As the lab writes: a new file renamed over the old one. */
	private static void replace(Path file, String content) throws IOException {
		Path temporary = Files.createTempFile(file.getParent(), ".next", ".tmp");
		Files.writeString(temporary, content);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
