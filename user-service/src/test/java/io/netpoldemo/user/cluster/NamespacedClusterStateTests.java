package io.netpoldemo.user.cluster;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least-privilege RBAC ({@code k8s/components/namespaced-rbac}): an API server that refuses every cluster-wide read
 * with 403, as it does for a service account bound to a Role only. The service reads its own namespace, decides the
 * targets there, says UNKNOWN with the reason for the others, and logs that once, not once per round.
 */
@ExtendWith(OutputCaptureExtension.class)
class NamespacedClusterStateTests {

	private static final Target AUTH = ClusterExpectationsTests.TARGETS.get(0);

	private static final Target KUBE_DNS = ClusterExpectationsTests.TARGETS.get(4);

	private static final Target ARGOCD = ClusterExpectationsTests.TARGETS.get(5);

	private final RefusingClusterWideReads dispatcher = new RefusingClusterWideReads();

	private KubernetesMockServer server;

	private KubernetesClient client;

	@BeforeEach
	void start() {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), this.dispatcher,
				false);
		this.server.init(InetAddress.getLoopbackAddress(), 0);
		this.client = this.server.createClient();
		DemoCluster.seed(this.client, Map.of("user-app", "10.244.0.10", "auth-app", "10.244.0.11", "helloworld-app",
				"10.244.0.12", "kube-dns", "10.244.0.2"));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.destroy();
	}

	@Test
	void decidesItsOwnNamespaceAndSaysWhichNamespaceItMayNotRead(CapturedOutput output) {
		DemoCluster.apply(this.client, "user-default-deny");
		try (PolicyExpectations expectations = namespaced()) {
			Expectation auth = ClusterExpectationsTests.await(expectations, AUTH,
					(candidate) -> candidate.expected() == Expected.DENIED);
			assertThat(auth.expected()).isEqualTo(Expected.DENIED);
			assertThat(auth.policy()).contains("user-app-default-deny");
			Expectation dns = expectations.expect(KUBE_DNS.call());
			assertThat(dns.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(dns.policy()).startsWith("no permission to read pods of kube-system");
			assertThat(expectations.expect(ARGOCD.call()).policy()).startsWith("no permission to read pods of argocd");
			assertThat(this.dispatcher.refused).as("no cluster-wide read tried").hasValue(0);
		}
	}

	@Test
	void logsEachReasonOnceNotOncePerRound(CapturedOutput output) {
		int before = output.getAll().length();
		try (PolicyExpectations expectations = namespaced()) {
			ClusterExpectationsTests.await(expectations, AUTH, (candidate) -> candidate.expected() == Expected.ALLOWED);
			for (int round = 0; round < 5; round++) {
				expectations.roundStarting();
				for (Target target : ClusterExpectationsTests.TARGETS) {
					expectations.expect(target.call());
				}
			}
			assertThat(lines(output, "no permission to read pods of kube-system")).hasSize(1)
				.allSatisfy((line) -> assertThat(line).contains("WARN"));
			assertThat(lines(output, "no permission to read pods of argocd")).hasSize(1);
			// Only what this test's service logged: the mock server of the test before may still log its own
			// connections closing, on its own threads, while this one starts.
			assertThat(output.getAll().substring(before).lines()).filteredOn(NamespacedClusterStateTests::notMockTransport)
				.noneMatch((line) -> line.contains("ERROR"))
				.noneMatch((line) -> line.contains("403") || line.contains("forbidden"));
		}
	}

	@Test
	void clusterWideReadsRefusedSayWhatToApplyAndLogItOnce(CapturedOutput output) {
		try (PolicyExpectations expectations = new PolicyExpectations(new ClusterState(this.client),
				ClusterExpectationsTests.USER_POD)) {
			Expectation expectation = ClusterExpectationsTests.await(expectations, AUTH,
					(candidate) -> candidate.policy().startsWith("cannot read"));
			for (int round = 0; round < 20; round++) {
				expectations.expect(AUTH.call());
				expectations.expect(KUBE_DNS.call());
			}
			assertThat(expectation.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(expectation.policy()).contains("forbidden (HTTP 403)")
				.contains("checks.expectations.scope=namespace");
			assertThat(lines(output, "forbidden (HTTP 403)")).as("one line per change").hasSizeLessThanOrEqualTo(4);
		}
	}

	private PolicyExpectations namespaced() {
		return new PolicyExpectations(
				new ClusterState(this.client, ExpectationsProperties.Scope.NAMESPACE, DemoCluster.NAMESPACE),
				ClusterExpectationsTests.USER_POD);
	}

	private static boolean notMockTransport(String line) {
		return !line.contains("io.vertx.core.net.impl.ConnectionBase");
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).toList();
	}

	/** The demo's API, except that a list or watch across all namespaces is forbidden. */
	private static final class RefusingClusterWideReads extends Dispatcher {

		private static final Pattern CLUSTER_WIDE = Pattern
			.compile("^/(api/v1|apis/networking\\.k8s\\.io/v1)/(pods|services|namespaces|networkpolicies)(\\?.*)?$");

		private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

		private final AtomicInteger refused = new AtomicInteger();

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			if ("GET".equals(request.getMethod()) && CLUSTER_WIDE.matcher(request.getPath()).matches()) {
				this.refused.incrementAndGet();
				return new MockResponse().setResponseCode(403)
					.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
							+ "\"code\":403,\"message\":\"pods is forbidden: User "
							+ "\\\"system:serviceaccount:netpol-demo:user-app\\\" cannot list resource \\\"pods\\\" in "
							+ "API group \\\"\\\" at the cluster scope\"}");
			}
			return this.crud.dispatch(request);
		}

	}

}
