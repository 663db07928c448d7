package io.netpoldemo.user.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expectation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watches cache each object cut down to what the evaluator reads, and the expectations are exactly those the whole
 * objects give: same verdict, same reason, for every target under every scenario.
 */
@EnableKubernetesMockClient(crud = true)
class ReducedClusterStateTests {

	static KubernetesClient client;

	@BeforeAll
	static void seed() {
		DemoCluster.seed(client, Map.of("user-app", "10.244.0.10", "auth-app", "10.244.0.11", "helloworld-app",
				"10.244.0.12", "kube-dns", "10.244.0.2"));
		// A pod whose only port is an init container's (a sidecar started as one), with the bulk the API adds.
		client.pods()
			.inNamespace(DemoCluster.NAMESPACE)
			.resource(new PodBuilder().withNewMetadata()
				.withName("proxy-0")
				.withNamespace(DemoCluster.NAMESPACE)
				.withLabels(Map.of("app", "proxy"))
				.withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{\"a\":\"" + "x".repeat(4000)
						+ "\"}"))
				.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
					.withKind("ReplicaSet")
					.withName("proxy-5d4f")
					.withUid("u-1")
					.withController(true)
					.build())
				.withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").build())
				.endMetadata()
				.withNewSpec()
				.addNewInitContainer()
				.withName("envoy")
				.withImage("envoy")
				.withEnv(new EnvVar("SECRET_LOOKING", "value", null))
				.withPorts(new ContainerPortBuilder().withName("proxy").withContainerPort(15001).build())
				.endInitContainer()
				.addNewContainer()
				.withName("app")
				.withImage("app")
				.withArgs("--verbose")
				.endContainer()
				.endSpec()
				.withNewStatus()
				.withPhase("Running")
				.withPodIP("10.244.0.20")
				.addNewCondition()
				.withType("Ready")
				.withStatus("True")
				.endCondition()
				.endStatus()
				.build())
			.create();
	}

	@AfterEach
	void removePolicies() {
		DemoCluster.removePolicies(client);
	}

	@Test
	void cachesOnlyWhatTheEvaluatorReads() {
		try (PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
				ClusterExpectationsTests.USER_POD)) {
			ClusterExpectationsTests.await(expectations, ClusterExpectationsTests.TARGETS.get(0),
					(candidate) -> expectations.state().pods().size() == 5);
			Pod cached = expectations.state()
				.pods()
				.stream()
				.filter((pod) -> pod.getMetadata().getName().equals("proxy-0"))
				.findFirst()
				.orElseThrow();
			assertThat(cached.getMetadata().getLabels()).isEqualTo(Map.of("app", "proxy"));
			assertThat(cached.getMetadata().getOwnerReferences()).singleElement()
				.satisfies((owner) -> assertThat(owner.getName()).isEqualTo("proxy-5d4f"));
			assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
			assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
			assertThat(cached.getStatus().getPodIP()).isEqualTo("10.244.0.20");
			assertThat(cached.getStatus().getConditions()).isNullOrEmpty();
			assertThat(cached.getSpec().getInitContainers()).singleElement().satisfies((container) -> {
				assertThat(container.getPorts()).singleElement()
					.satisfies((port) -> assertThat(port.getContainerPort()).isEqualTo(15001));
				assertThat(container.getEnv()).isNullOrEmpty();
				assertThat(container.getImage()).isNull();
			});
			assertThat(cached.getSpec().getContainers()).singleElement()
				.satisfies((container) -> assertThat(container.getArgs()).isNullOrEmpty());
			// The demo's own pods lose their probes, environment and security context the same way.
			assertThat(expectations.state().pods()).allSatisfy((pod) -> assertThat(pod.getSpec().getContainers())
				.allSatisfy((container) -> assertThat(container.getEnv()).isNullOrEmpty()));
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "none", "user-default-deny", "user-default-deny user-allow-dns", "user-internet-access",
			"user-internet-access hello-deny-ingress", "user-specific-rules", "user-specific-rules-with-dns" })
	void judgesEveryTargetAsTheWholeObjectsWould(String scenarios) {
		int policies = 0;
		if (!scenarios.equals("none")) {
			DemoCluster.apply(client, scenarios.split(" "));
			policies = scenarios.split(" ").length;
		}
		int expected = policies;
		PolicyEvaluator whole = new PolicyEvaluator(Cluster.of(apiOrder(client.namespaces().list().getItems()),
				apiOrder(client.pods().inAnyNamespace().list().getItems()),
				apiOrder(client.services().inAnyNamespace().list().getItems()),
				apiOrder(client.network().v1().networkPolicies().inAnyNamespace().list().getItems())));
		String self = DemoCluster.NAMESPACE + "/" + ClusterExpectationsTests.USER_POD.podName();
		try (PolicyExpectations expectations = new PolicyExpectations(new ClusterState(client),
				ClusterExpectationsTests.USER_POD)) {
			for (Target target : ClusterExpectationsTests.TARGETS) {
				Expectation reduced = ClusterExpectationsTests.await(expectations, target,
						(candidate) -> expectations.state().policies().size() == expected
								&& !candidate.policy().contains("has not listed"));
				Evaluation evaluation = whole.call(self, target.url(), Protocol.TCP);
				assertThat(List.of(reduced.expected().name(), reduced.policy()))
					.as(target.name())
					.containsExactly(evaluation.verdict().name(), evaluation.reason());
			}
		}
	}

	/** As a real API server lists objects (by namespace, then name); the mock lists them in creation order. */
	private static <T extends HasMetadata> List<T> apiOrder(List<T> objects) {
		return objects.stream()
			.sorted(Comparator.comparing((T object) -> String.valueOf(object.getMetadata().getNamespace()))
				.thenComparing((object) -> object.getMetadata().getName()))
			.toList();
	}

}
