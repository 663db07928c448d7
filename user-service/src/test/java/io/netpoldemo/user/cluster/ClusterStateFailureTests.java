package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Kubernetes API refuses or cannot be reached, every expectation is {@code UNKNOWN} and says why, in words
 * that tell what to fix; the checks themselves are not this class's business and go on.
 */
class ClusterStateFailureTests {


	@Test
	void saysTheServiceAccountLacksAccessWhenTheApiForbidsTheWatch() {
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new Forbidding(), false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		try (KubernetesClient client = server.createClient();
				PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
						ClusterExpectationsTests.USER_POD)) {
			Expectation expectation = ClusterExpectationsTests.await(expectations, ClusterExpectationsTests.TARGETS.get(0),
					(candidate) -> candidate.policy().startsWith("cannot read"));
			assertThat(expectation.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(expectation.policy()).contains("forbidden (HTTP 403)").contains("k8s/user-rbac.yaml");
		}
		finally {
			server.destroy();
		}
	}

	@Test
	void saysTheApiCannotBeReachedWhenNothingAnswers() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closed)
			.withConnectionTimeout(500)
			.withRequestTimeout(1000)
			// The client's own retries (about 20 s by default) would only delay the first error.
			.withRequestRetryBackoffLimit(0)
			.build();
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
				PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
						ClusterExpectationsTests.USER_POD)) {
			Expectation expectation = ClusterExpectationsTests.await(expectations, ClusterExpectationsTests.TARGETS.get(0),
					(candidate) -> candidate.policy().startsWith("cannot read"));
			assertThat(expectation.expected()).isEqualTo(Expected.UNKNOWN);
			assertThat(expectation.policy()).startsWith("cannot read").contains("from the Kubernetes API");
		}
	}

	@Test
	void keepsTheLastStateSeenAndSaysSoWhenTheWatchIsInterrupted() {
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		KubernetesClient client = server.createClient();
		DemoCluster.seed(client, Map.of("user-app", "10.244.0.10", "auth-app", "10.244.0.11", "helloworld-app",
				"10.244.0.12", "kube-dns", "10.244.0.2"));
		DemoCluster.apply(client, "user-default-deny");
		try (client; PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
				ClusterExpectationsTests.USER_POD)) {
			Target auth = ClusterExpectationsTests.TARGETS.get(0);
			assertThat(ClusterExpectationsTests.await(expectations, auth,
					(candidate) -> candidate.expected() == Expected.DENIED).expected())
				.isEqualTo(Expected.DENIED);
			// What a deny policy on this pod's egress does to its API connection once the open watches end.
			server.destroy();
			Expectation expectation = ClusterExpectationsTests.await(expectations, auth,
					(candidate) -> candidate.policy().contains("as last seen"));
			assertThat(expectation.expected()).isEqualTo(Expected.DENIED);
			assertThat(expectation.policy()).contains("user-app-default-deny").contains("is interrupted");
		}
	}

	/** An API server that refuses every request, as RBAC does for a service account without a binding. */
	private static final class Forbidding extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			return new MockResponse().setResponseCode(403)
				.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
						+ "\"code\":403,\"message\":\"forbidden: User \\\"system:serviceaccount:netpol-demo:user-app\\\""
						+ " cannot list resource\"}");
		}

	}

}
