package io.netpoldemo.user.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.netpoldemo.user.expectation.Expected.ALLOWED;
import static io.netpoldemo.user.expectation.Expected.DENIED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-cluster expectations against fabric8's mock API server holding the demo's manifests and each scenario of
 * {@code k8s/policies/}: what the NetworkPolicies say about each of the user service's default targets.
 * <p>
 * Argo CD is not installed in this cluster: no policy can isolate its (absent) pods, so the policies allow a call
 * that a rule allows on every port, and cannot tell about one allowed only on 443 (its target port is unknown).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterExpectationsTests {

	static final List<Target> TARGETS = List.of(
			new Target("auth", "peers", Kind.HTTP, "http://auth-app-service:8124/authenticate"),
			new Target("hello", "peers", Kind.HTTP, "http://helloworld-app-service:8889/"),
			new Target("github", "internet", Kind.HTTP, "https://api.github.com/users/octocat"),
			new Target("httpbin", "internet", Kind.HTTP, "https://httpbin.org/ip"),
			new Target("kube-dns", "cross-namespace", Kind.TCP, "tcp://kube-dns.kube-system.svc.cluster.local:53"),
			new Target("argocd", "cross-namespace", Kind.HTTP, "http://argocd-server.argocd.svc.cluster.local/"));

	static final PodIdentity USER_POD = new PodIdentity("user-service", "test", "user-app-0", DemoCluster.NAMESPACE,
			"10.244.0.10", "user-app-0");

	static KubernetesClient client;

	private PolicyExpectations expectations;

	@BeforeAll
	static void seed() {
		DemoCluster.seed(client, Map.of("user-app", "10.244.0.10", "auth-app", "10.244.0.11", "helloworld-app",
				"10.244.0.12", "kube-dns", "10.244.0.2"));
	}

	@BeforeEach
	void watch() {
		this.expectations = new PolicyExpectations(new ClusterState(client), USER_POD);
	}

	@AfterEach
	void removePolicies() {
		this.expectations.close();
		DemoCluster.removePolicies(client);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			# scenarios applied                         | auth    | hello   | github  | httpbin | kube-dns | argocd
			none                                        | ALLOWED | ALLOWED | ALLOWED | ALLOWED | ALLOWED  | ALLOWED
			user-default-deny                           | DENIED  | DENIED  | DENIED  | DENIED  | DENIED   | DENIED
			user-default-deny user-allow-dns            | DENIED  | DENIED  | DENIED  | DENIED  | ALLOWED  | DENIED
			user-internet-access                        | ALLOWED | ALLOWED | ALLOWED | ALLOWED | ALLOWED  | ALLOWED
			user-internet-access hello-deny-ingress     | ALLOWED | DENIED  | ALLOWED | ALLOWED | ALLOWED  | ALLOWED
			user-specific-rules                         | DENIED  | DENIED  | DENIED  | DENIED  | DENIED   | DENIED
			user-specific-rules-with-dns                | ALLOWED | DENIED  | ALLOWED | ALLOWED | ALLOWED  | UNKNOWN
			""")
	void expectsWhatTheScenarioSaysForEachTarget(String scenarios, Expected auth, Expected hello, Expected github,
			Expected httpbin, Expected kubeDns, Expected argocd) {
		if (!scenarios.equals("none")) {
			DemoCluster.apply(client, scenarios.split(" "));
		}
		Map<String, Expected> expected = new LinkedHashMap<>();
		List.of(auth, hello, github, httpbin, kubeDns, argocd)
			.forEach((verdict) -> expected.put(TARGETS.get(expected.size()).name(), verdict));
		Map<String, Expected> actual = new LinkedHashMap<>();
		Map<String, String> reasons = new LinkedHashMap<>();
		for (Target target : TARGETS) {
			Expectation expectation = awaitPolicies(target, countPolicies(scenarios));
			actual.put(target.name(), expectation.expected());
			reasons.put(target.name(), expectation.policy());
		}
		assertThat(actual).as("reasons: %s", reasons).isEqualTo(expected);
	}

	@Test
	void namesTheMissingDnsRuleWhenSpecificRulesBlockNameResolution() {
		DemoCluster.apply(client, "user-specific-rules");
		Expectation auth = awaitPolicies(TARGETS.get(0), 1);
		assertThat(auth.expected()).isEqualTo(DENIED);
		assertThat(auth.policy()).contains("name resolution").contains("53");
	}

	@Test
	void followsAPolicyChangeWithoutRestarting() {
		assertThat(awaitPolicies(TARGETS.get(1), 0).expected()).isEqualTo(ALLOWED);
		DemoCluster.apply(client, "user-internet-access", "hello-deny-ingress");
		assertThat(awaitPolicies(TARGETS.get(1), 2).expected()).isEqualTo(DENIED);
		DemoCluster.removePolicies(client);
		assertThat(awaitPolicies(TARGETS.get(1), 0).expected()).isEqualTo(ALLOWED);
	}

	@Test
	void listsThePoliciesThatSelectThisPod() {
		awaitPolicies(TARGETS.get(0), 0);
		assertThat(this.expectations.selectingPolicies()).as("known: none").contains(List.of());
		DemoCluster.apply(client, "user-default-deny", "user-allow-dns", "hello-deny-ingress");
		awaitPolicies(TARGETS.get(0), 3);
		assertThat(this.expectations.selectingPolicies())
			.hasValueSatisfying((names) -> assertThat(names).containsExactly("user-app-allow-dns", "user-app-default-deny"));
	}

	@Test
	void isUnknownWhenThisPodIsNotInTheApi() {
		PolicyExpectations elsewhere = new PolicyExpectations(new ClusterState(client),
				new PodIdentity("user-service", "test", "not-deployed", DemoCluster.NAMESPACE, null, "x"));
		try {
			Expectation expectation = await(elsewhere, TARGETS.get(0), (candidate) -> !candidate.policy()
				.contains("has not listed"));
			assertThat(expectation.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(expectation.policy()).contains("netpol-demo/not-deployed");
			assertThat(elsewhere.selectingPolicies()).as("not known, which is not the same as none").isEmpty();
		}
		finally {
			elsewhere.close();
		}
	}

	private static int countPolicies(String scenarios) {
		return scenarios.equals("none") ? 0 : scenarios.split(" ").length;
	}

	/** The expectation once the watch has seen exactly {@code policies} NetworkPolicies. */
	private Expectation awaitPolicies(Target target, int policies) {
		await(this.expectations, target,
				(candidate) -> this.expectations.state().policies().size() == policies
						&& candidate.expected() != null && !candidate.policy().contains("has not listed"));
		// The candidate was evaluated before the count was read: ask again now that the watch has seen the policies.
		return this.expectations.expect(target.call());
	}

	static Expectation await(PolicyExpectations expectations, Target target,
			java.util.function.Predicate<Expectation> ready) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Expectation expectation = expectations.expect(target.call());
		while (!ready.test(expectation) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			expectation = expectations.expect(target.call());
		}
		return expectation;
	}

}
