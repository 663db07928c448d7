package io.netpoldemo.netpol.firewall;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallPlannerTests {

	private static final List<AddressMatch> EVERYWHERE = List.of(new AddressMatch("0.0.0.0/0", List.of()),
			new AddressMatch("::/0", List.of()));

	@Test
	void podWithoutPolicyIsOpenBothWays() {
		PodFirewall firewall = plan("").pods().get(0);
		assertThat(firewall).isEqualTo(new PodFirewall("demo", "user", "10.1.0.1", false, false, List.of(), List.of()));
	}

	@Test
	void emptyPeerListBecomesEveryIpv4AndIpv6Address() {
		PodFirewall user = pod(plan(policy("internet", "user", """
				policyTypes: [Egress]
				egress:
				- to: []
				""")), "user");
		assertThat(user.egressIsolated()).isTrue();
		assertThat(user.ingressIsolated()).isFalse();
		assertThat(user.egress()).containsExactly(new AllowRule("demo/internet", 0, EVERYWHERE, List.of()));
	}

	@Test
	void podSelectorPeerBecomesThePodIpsAsHostRoutes() {
		PodFirewall user = pod(plan(policy("to-hello", "user", """
				policyTypes: [Egress]
				egress:
				- to:
				  - podSelector: {matchLabels: {app: hello}}
				  ports:
				  - port: 8888
				""")), "user");
		assertThat(user.egress()).containsExactly(new AllowRule("demo/to-hello", 0,
				List.of(new AddressMatch("10.1.0.2/32", List.of())), List.of(new PortMatch("TCP", 8888, null))));
	}

	@Test
	void namedEgressPortBecomesOneRulePerDestinationPodWithItsNumber() {
		PodFirewall user = pod(plan(policy("to-http", "user", """
				policyTypes: [Egress]
				egress:
				- to:
				  - podSelector:
				      matchExpressions: [{key: app, operator: In, values: [hello, auth]}]
				  ports:
				  - port: http
				""")), "user");
		assertThat(user.egress()).containsExactly(
				new AllowRule("demo/to-http", 0, List.of(new AddressMatch("10.1.0.2/32", List.of())),
						List.of(new PortMatch("TCP", 8888, null))),
				new AllowRule("demo/to-http", 0, List.of(new AddressMatch("fd00::3/128", List.of())),
						List.of(new PortMatch("TCP", 8124, null))));
	}

	@Test
	void namedIngressPortResolvesOnThePodItself() {
		PodFirewall hello = pod(plan(policy("hello-in", "hello", """
				ingress:
				- from:
				  - namespaceSelector: {matchLabels: {team: ops}}
				  ports:
				  - port: http
				  - protocol: UDP
				""")), "hello");
		assertThat(hello.ingressIsolated()).isTrue();
		assertThat(hello.ingress()).containsExactly(new AllowRule("demo/hello-in", 0,
				List.of(new AddressMatch("10.2.0.1/32", List.of())),
				List.of(new PortMatch("TCP", 8888, null), new PortMatch("UDP", null, null))));
	}

	@Test
	void ipBlockKeepsItsExceptionsAndPortRanges() {
		PodFirewall user = pod(plan(policy("cidr", "user", """
				policyTypes: [Egress]
				egress:
				- to:
				  - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
				  ports:
				  - port: 8000
				    endPort: 8100
				    protocol: SCTP
				""")), "user");
		assertThat(user.egress()).containsExactly(new AllowRule("demo/cidr", 0,
				List.of(new AddressMatch("0.0.0.0/0", List.of("10.0.0.0/8"))),
				List.of(new PortMatch("SCTP", 8000, 8100))));
	}

	@Test
	void podsWithoutAnIpAreLeftOutAndReported() {
		FirewallPlan plan = plan(policy("to-all-pods", "user", """
				policyTypes: [Egress]
				egress:
				- to:
				  - namespaceSelector: {}
				"""));
		assertThat(plan.pods()).extracting(PodFirewall::name).containsExactly("user", "hello", "auth", "hello");
		assertThat(plan.notes()).containsExactly(
				"pod demo/pending has no IP (status.podIP): left out of the plan and of every peer list");
		assertThat(pod(plan, "user").egress()).flatExtracting(AllowRule::peers).extracting(AddressMatch::cidr)
			.containsExactly("10.1.0.1/32", "10.1.0.2/32", "fd00::3/128", "10.2.0.1/32");
	}

	@Test
	void ingressRuleWhoseNamedPortsResolveNowhereAllowsNothing() {
		FirewallPlan plan = plan(policy("named-missing", "hello", """
				ingress:
				- ports:
				  - port: grpc
				"""));
		assertThat(pod(plan, "hello").ingressIsolated()).isTrue();
		assertThat(pod(plan, "hello").ingress()).isEmpty();
		assertThat(plan.notes()).contains("demo/named-missing ingress[0]: none of its ports applies for pod demo/hello");
	}

	private static FirewallPlan plan(String policies) {
		List<Pod> pods = List.of(pod("demo", "user", "user", "10.1.0.1", null, 0),
				pod("demo", "hello", "hello", "10.1.0.2", "http", 8888),
				pod("demo", "auth", "auth", "fd00::3", "http", 8124),
				pod("ops", "hello", "hello", "10.2.0.1", "http", 8888), pod("demo", "pending", "auth", null, "http", 8124));
		List<Namespace> namespaces = List.of(
				new NamespaceBuilder().withNewMetadata().withName("ops").withLabels(Map.of("team", "ops")).endMetadata()
					.build());
		Cluster cluster = Cluster.of(namespaces, pods, List.of(), List.of());
		return FirewallPlanner
			.plan(cluster.withPolicies(ManifestLoader.parse(policies, Path.of("test.yaml"), "demo").policies()));
	}

	private static PodFirewall pod(FirewallPlan plan, String name) {
		return plan.pods().stream().filter((pod) -> pod.namespace().equals("demo") && pod.name().equals(name))
			.findFirst().orElseThrow();
	}

	private static Pod pod(String namespace, String name, String app, String ip, String portName, int port) {
		PodBuilder builder = new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.withLabels(Map.of("app", app))
			.endMetadata();
		var spec = builder.withNewSpec().addNewContainer().withName("app");
		if (portName != null) {
			spec = spec.addNewPort().withName(portName).withContainerPort(port).withProtocol("TCP").endPort();
		}
		builder = spec.endContainer().endSpec();
		if (ip != null) {
			builder.withNewStatus().withPodIP(ip).endStatus();
		}
		return builder.build();
	}

	private static String policy(String name, String app, String rules) {
		return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name + "}\nspec:\n"
				+ "  podSelector: {matchLabels: {app: " + app + "}}\n" + rules.indent(2);
	}

}
