package io.netpoldemo.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six scenarios in {@code k8s/policies/}: what the README, the make targets and the lab promise about each.
 */
class PolicyScenariosTests {

	private static final Map<String, String> DNS_NAMESPACE = Map.of("kubernetes.io/metadata.name", "kube-system");

	private static final Map<String, String> DNS_PODS = Map.of("k8s-app", "kube-dns");

	@Test
	void holdsExactlyTheSixScenarios() throws IOException {
		try (Stream<Path> files = Files.list(Manifests.POLICIES)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrderElementsOf(Stream.of(Scenario.values()).map(Scenario::file).toList());
		}
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void opensWithWhatItAllowsAndWhatCheckShows(Scenario scenario) throws IOException {
		List<String> header = Files.readAllLines(Manifests.POLICIES.resolve(scenario.file()))
			.stream()
			.takeWhile((line) -> line.startsWith("#"))
			.toList();
		assertThat(String.join("\n", header)).contains("Scenario: " + scenario.fileName)
			.contains("Allows:")
			.contains("/check shows")
			.contains(scenario.replacesOthers ? "replaces the other three" : "an add-on");
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void holdsOnePolicyThatSelectsTheDemoPodsInTheDeployedNamespace(Scenario scenario) {
		NetworkPolicy policy = scenario.policy();
		assertThat(policy.getMetadata().getName()).isEqualTo(scenario.policyName);
		assertThat(policy.getMetadata().getNamespace()).as("make and the lab choose the namespace").isNull();
		assertThat(policy.getSpec().getPolicyTypes()).as("explicit policyTypes").containsExactly(scenario.type);
		assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", scenario.selects.podLabel));
		assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
	}

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void everyPortToADemoPodIsAContainerPortNeverAServicePort(Scenario scenario) {
		for (NetworkPolicyEgressRule rule : scenario.policy().getSpec().getEgress()) {
			for (NetworkPolicyPeer peer : rule.getTo()) {
				if (peer.getNamespaceSelector() != null || peer.getIpBlock() != null) {
					continue;
				}
				DemoService destination = selected(peer.getPodSelector());
				Container container = ApplicationManifestsTests.container(destination);
				assertThat(rule.getPorts()).as("%s: a rule to %s names its ports", scenario.fileName,
						destination.podLabel)
					.isNotEmpty();
				for (NetworkPolicyPort port : rule.getPorts()) {
					assertThat(ApplicationManifestsTests.containerPort(container, port.getPort()).getProtocol())
						.isEqualTo(port.getProtocol());
					if (destination.servicePort != destination.containerPort) {
						assertThat(port.getPort()).isNotEqualTo(new IntOrString(destination.servicePort));
					}
				}
			}
		}
	}

	@Test
	void internetAccessIsTheGuidesCurrentUserServicePolicy() {
		List<NetworkPolicyEgressRule> egress = Scenario.USER_INTERNET_ACCESS.policy().getSpec().getEgress();
		assertThat(egress).hasSize(2);
		assertRule(egress.get(0), Map.of("app", "helloworld-app-pod"), List.of("TCP/8888"));
		assertThat(egress.get(1).getTo()).as("to: []").isEmpty();
		assertThat(egress.get(1).getPorts()).isEmpty();
	}

	@Test
	void specificRulesAreTheGuidesAlternativeWithoutDns() {
		List<NetworkPolicyEgressRule> egress = Scenario.USER_SPECIFIC_RULES.policy().getSpec().getEgress();
		assertThat(egress).hasSize(2);
		assertThat(egress.get(0).getTo()).as("to: []").isEmpty();
		assertThat(ports(egress.get(0))).containsExactly("TCP/443");
		assertRule(egress.get(1), Map.of("app", "auth-app-pod"), List.of("TCP/8124"));
	}

	@Test
	void specificRulesWithDnsAddOnlyDnsToKubeDns() {
		List<NetworkPolicyEgressRule> plain = Scenario.USER_SPECIFIC_RULES.policy().getSpec().getEgress();
		List<NetworkPolicyEgressRule> withDns = Scenario.USER_SPECIFIC_RULES_WITH_DNS.policy().getSpec().getEgress();
		assertThat(withDns).hasSize(3).startsWith(plain.toArray(NetworkPolicyEgressRule[]::new));
		assertDnsRule(withDns.get(2));
	}

	@Test
	void allowDnsAllowsOnlyDnsToKubeDns() {
		assertThat(Scenario.USER_ALLOW_DNS.policy().getSpec().getEgress()).singleElement()
			.satisfies(PolicyScenariosTests::assertDnsRule);
	}

	@Test
	void denyScenariosListNoRule() {
		assertThat(Scenario.USER_DEFAULT_DENY.policy().getSpec().getEgress()).isEmpty();
		assertThat(Scenario.HELLO_DENY_INGRESS.policy().getSpec().getIngress()).isEmpty();
	}

	private static void assertDnsRule(NetworkPolicyEgressRule rule) {
		// One peer holding both selectors: the kube-dns pods of kube-system. Two peers would be ORed.
		assertThat(rule.getTo()).singleElement().satisfies((peer) -> {
			assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(DNS_NAMESPACE);
			assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(DNS_PODS);
		});
		assertThat(ports(rule)).containsExactlyInAnyOrder("UDP/53", "TCP/53");
	}

	private static void assertRule(NetworkPolicyEgressRule rule, Map<String, String> pods, List<String> ports) {
		assertThat(rule.getTo()).singleElement().satisfies((peer) -> {
			assertThat(peer.getNamespaceSelector()).isNull();
			assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(pods);
		});
		assertThat(ports(rule)).containsExactlyElementsOf(ports);
	}

	private static List<String> ports(NetworkPolicyEgressRule rule) {
		List<String> ports = new ArrayList<>();
		for (NetworkPolicyPort port : rule.getPorts()) {
			ports.add(port.getProtocol() + "/" + port.getPort().getIntVal());
		}
		return ports;
	}

	private static DemoService selected(LabelSelector selector) {
		assertThat(selector.getMatchExpressions()).isNullOrEmpty();
		List<DemoService> selected = Stream.of(DemoService.values())
			.filter((demo) -> ApplicationManifestsTests.deployment(demo)
				.getSpec()
				.getTemplate()
				.getMetadata()
				.getLabels()
				.entrySet()
				.containsAll(selector.getMatchLabels().entrySet()))
			.toList();
		assertThat(selected).as("pods selected by %s", selector.getMatchLabels()).hasSize(1);
		return selected.get(0);
	}

}
