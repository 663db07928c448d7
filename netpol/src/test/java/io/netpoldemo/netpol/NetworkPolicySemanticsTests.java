package io.netpoldemo.netpol;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantics table: one row per rule of the NetworkPolicy API, modelled on the upstream e2e suite
 * (test/e2e/network/netpol/network_policy.go) over namespaces x, y, z with pods a, b, c serving 80 and 81. Policies
 * without a namespace live in x. Self pairs are left out, as the acceptance says: a pod's traffic to itself
 * is always allowed and tested apart.
 */
public class NetworkPolicySemanticsTests {

	private static final String HEAD = """
			apiVersion: networking.k8s.io/v1
			kind: NetworkPolicy
			""";

	private static final String Y_ON_81 = policy("y-on-81", """
			podSelector: {matchLabels: {pod: a}}
			ingress:
			- from:
			  - namespaceSelector: {matchLabels: {ns: y}}
			  ports:
			  - port: 81
			""");

	private static final String NAMED_81 = policy("named-81", """
			podSelector: {}
			ingress:
			- ports:
			  - port: serve-81-tcp
			""");

	private static final String EGRESS_NAMED_80 = policy("egress-named-80", """
			podSelector: {matchLabels: {pod: a}}
			policyTypes: [Egress]
			egress:
			- ports:
			  - port: serve-80-tcp
			""");

	private static final String ANY_TCP = policy("any-tcp", """
			podSelector: {matchLabels: {pod: a}}
			ingress:
			- ports:
			  - protocol: TCP
			""");

	private static final String UDP_80 = policy("udp-80", """
			podSelector: {matchLabels: {pod: a}}
			ingress:
			- ports:
			  - protocol: UDP
			    port: 80
			""");

	private static final String SCTP_80 = policy("sctp-80", """
			podSelector: {matchLabels: {pod: a}}
			ingress:
			- ports:
			  - protocol: SCTP
			    port: 80
			""");

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void matchesTheExpectedTruthTable(String policies, int port, Protocol protocol, Consumer<ExpectedReachability> expect) {
		ExpectedReachability expected = new ExpectedReachability();
		expect.accept(expected);
		PolicyEvaluator evaluator = new PolicyEvaluator(XyzModel.cluster(policies));
		List<String> pods = expected.pods();
		boolean[][] actual = new boolean[pods.size()][pods.size()];
		boolean[][] wanted = new boolean[pods.size()][pods.size()];
		for (int i = 0; i < pods.size(); i++) {
			for (int j = 0; j < pods.size(); j++) {
				if (i != j) {
					Evaluation evaluation = evaluator.evaluate(pods.get(i), pods.get(j), port, protocol);
					assertThat(evaluation.verdict()).as("%s -> %s", pods.get(i), pods.get(j)).isNotEqualTo(Verdict.UNKNOWN);
					assertThat(evaluator.verdict(pods.get(i), pods.get(j), port, protocol))
						.as("the matrix path agrees with the explained path").isEqualTo(evaluation.verdict());
					actual[i][j] = evaluation.allowed();
					wanted[i][j] = expected.expected(i, j);
				}
			}
		}
		assertThat(ExpectedReachability.table(pods, actual)).isEqualTo(ExpectedReachability.table(pods, wanted));
	}

	/**
	 * The rows: the policies (named after the rule), the port, the protocol and the expected table. Public: the lab
	 * runs the same rows through the kernel ({@code lab matrix}).
	 */
	public static Stream<Arguments> cases() {
		return Stream.of(
				row("noPolicyAllowsEverything", "", 80, (r) -> {
				}),
				row("defaultDenyIngressIsolatesEveryPodOfTheNamespace", policy("deny-ingress", """
						podSelector: {}
						policyTypes: [Ingress]
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)),
				row("defaultDenyAllIsolatesBothDirections", policy("deny-all", """
						podSelector: {}
						policyTypes: [Ingress, Egress]
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)
					.expect(ExpectedReachability.matching("x/"), (t) -> true, false)),
				row("emptyIngressListDenies", policy("empty-ingress", """
						podSelector: {}
						policyTypes: [Ingress]
						ingress: []
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)),
				row("ingressWithOneEmptyRuleAllowsAll", policy("allow-all", """
						podSelector: {}
						ingress:
						- {}
						"""), 80, (r) -> {
				}),
				row("podSelectorAlonePeersWithinThePolicyNamespace", policy("allow-x-b", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("x/b", "x/a", true)),
				row("emptyPodSelectorPeerMeansEveryPodOfThePolicyNamespace", policy("allow-same-ns", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector: {}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("x/"),
						ExpectedReachability.matching("x/a"), true)),
				row("namespaceSelectorAloneMeansEveryPodOfMatchingNamespaces", policy("allow-ns-y", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: y}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("y/"),
						ExpectedReachability.matching("x/a"), true)),
				row("emptyNamespaceSelectorMeansEveryNamespace", policy("allow-all-ns", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {}
						"""), 80, (r) -> {
				}),
				row("podSelectorMatchExpressionsIn", policy("allow-in", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector:
						      matchExpressions: [{key: pod, operator: In, values: [b]}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("x/b", "x/a", true)),
				row("namespaceSelectorMatchExpressionsIn", policy("allow-ns-in", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector:
						      matchExpressions: [{key: ns, operator: In, values: [y]}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("y/"),
						ExpectedReachability.matching("x/a"), true)),
				row("separatePeersAreOred", policy("pod-or-ns", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector:
						      matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
						  - podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false)
					.expect((f) -> !f.startsWith("x/"), ExpectedReachability.matching("x/a"), true)
					.expect("x/b", "x/a", true)),
				row("podAndNamespaceSelectorInOnePeerAreAnded", policy("pod-and-ns", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector:
						      matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
						    podSelector:
						      matchExpressions: [{key: pod, operator: In, values: [b, c]}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false)
					.expect((f) -> !f.startsWith("x/") && !f.endsWith("/a"), ExpectedReachability.matching("x/a"), true)),
				row("multiplePodAndNamespaceSelectorPeers", policy("multi-peers", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: y}}
						    podSelector: {matchLabels: {pod: b}}
						  - namespaceSelector: {matchLabels: {ns: z}}
						    podSelector: {matchLabels: {pod: c}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("y/b", "x/a", true)
					.expect("z/c", "x/a", true)),
				row("podInAnotherNamespaceByPodAndNamespaceSelector", policy("y-b-only", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: y}}
						    podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("y/b", "x/a", true)),
				row("emptyNamespaceSelectorAndPodSelectorMeanThatPodInEveryNamespace", policy("every-b", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {}
						    podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false)
					.expect(ExpectedReachability.matching("/b"), ExpectedReachability.matching("x/a"), true)),
				row("defaultNamespaceNameLabelSelectsANamespace", policy("by-name-label", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("y/"),
						ExpectedReachability.matching("x/a"), true)),
				row("defaultNamespaceNameLabelWithMatchExpressions", policy("by-name-expr", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector:
						      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [y]}]
						"""), 80, (r) -> r.expect(ExpectedReachability.matching("y/"), ExpectedReachability.matching("x/a"), false)),
				row("notInMatchesAMissingKey", policy("notin-missing", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector:
						      matchExpressions: [{key: env, operator: NotIn, values: [prod]}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("x/"),
						ExpectedReachability.matching("x/a"), true)),
				row("existsMatchesAnyValue", policy("exists", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector:
						      matchExpressions: [{key: pod, operator: Exists}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("x/"),
						ExpectedReachability.matching("x/a"), true)),
				row("doesNotExistMatchesOnlyPodsWithoutTheKey", policy("does-not-exist", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector:
						      matchExpressions: [{key: pod, operator: DoesNotExist}]
						"""), 80, (r) -> r.expectAllIngress("x/a", false)),
				row("policySelectingByMatchExpressionsIsolatesThosePods", policy("isolate-b-c", """
						podSelector:
						  matchExpressions: [{key: pod, operator: In, values: [b, c]}]
						policyTypes: [Ingress]
						"""), 80, (r) -> r.expectAllIngress("x/b", false).expectAllIngress("x/c", false)),
				row("policyIsolatesOnlyPodsOfItsOwnNamespace", policy("deny-in-y", "y", """
						podSelector: {}
						policyTypes: [Ingress]
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("y/"), false)),
				row("portRuleAllowsOnlyThatPort", Y_ON_81, 80, (r) -> r.expectAllIngress("x/a", false)),
				row("portRuleAllowsItsPort", Y_ON_81, 81, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("y/"),
						ExpectedReachability.matching("x/a"), true)),
				row("stackedPoliciesAreAUnionOnPort80", stacked(), 80, (r) -> r.expectAllIngress("x/a", false)
					.expect(ExpectedReachability.matching("y/"), ExpectedReachability.matching("x/a"), true)),
				row("stackedPoliciesAreAUnionOnPort81", stacked(), 81, (r) -> r.expectAllIngress("x/a", false)
					.expect(ExpectedReachability.matching("z/"), ExpectedReachability.matching("x/a"), true)),
				row("allowAllIngressPolicyTakesPrecedenceOverANarrowOne", policy("only-b-80", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector: {matchLabels: {pod: b}}
						  ports:
						  - port: 80
						""") + "---\n" + policy("allow-all-a", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- {}
						"""), 81, (r) -> {
				}),
				row("allowAllEgressPolicyTakesPrecedenceOverANarrowOne", policy("egress-to-b", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - podSelector: {matchLabels: {pod: b}}
						""") + "---\n" + policy("egress-all", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- {}
						"""), 80, (r) -> {
				}),
				row("namedPortResolvesOnTheDestinationPodForIngress", NAMED_81, 81, (r) -> {
				}),
				row("namedPortDeniesOtherPorts", NAMED_81, 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)),
				row("namedPortFromANamespace", policy("named-80-from-y", """
						podSelector: {}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: y}}
						  ports:
						  - port: serve-80-tcp
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)
					.expect(ExpectedReachability.matching("y/"), ExpectedReachability.matching("x/"), true)),
				row("namedPortWithTheWrongProtocolMatchesNothing", policy("named-udp", """
						podSelector: {}
						ingress:
						- ports:
						  - port: serve-80-tcp
						    protocol: UDP
						"""), 80, (r) -> r.expect((f) -> true, ExpectedReachability.matching("x/"), false)),
				row("namedPortResolvesOnTheDestinationPodForEgress", EGRESS_NAMED_80, 80, (r) -> {
				}),
				row("egressNamedPortDeniesOtherPorts", EGRESS_NAMED_80, 81, (r) -> r.expectAllEgress("x/a", false)),
				row("endPortRangeIsInclusive", policy("range", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- ports:
						  - port: 80
						    endPort: 81
						"""), 81, (r) -> {
				}),
				row("endPortRangeLeavesOutPortsAboveIt", policy("range", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- ports:
						  - port: 79
						    endPort: 80
						"""), 81, (r) -> r.expectAllIngress("x/a", false)),
				row("protocolOnlyEntryAllowsEveryPortOfThatProtocol", ANY_TCP, 81, (r) -> {
				}),
				row("protocolOnlyEntryDeniesOtherProtocols", ANY_TCP, 80, Protocol.UDP, (r) -> r.expectAllIngress("x/a", false)),
				row("udpPolicyDoesNotAllowTcp", UDP_80, 80, (r) -> r.expectAllIngress("x/a", false)),
				row("udpPolicyAllowsUdp", UDP_80, 80, Protocol.UDP, (r) -> {
				}),
				row("sctpIsNotTcp", SCTP_80, 80, (r) -> r.expectAllIngress("x/a", false)),
				row("sctpPolicyIsolatesOtherSctpPorts", SCTP_80, 81, Protocol.SCTP, (r) -> r.expectAllIngress("x/a", false)),
				row("portWithoutProtocolMeansTcp", policy("port-80", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- ports:
						  - port: 80
						"""), 80, Protocol.UDP, (r) -> r.expectAllIngress("x/a", false)),
				row("denyEgressFromOnePod", policy("deny-egress-a", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						"""), 80, (r) -> r.expectAllEgress("x/a", false)),
				row("denyEgressFromEveryPodOfTheNamespace", policy("deny-egress", """
						podSelector: {}
						policyTypes: [Egress]
						egress: []
						"""), 80, (r) -> r.expect(ExpectedReachability.matching("x/"), (t) -> true, false)),
				row("egressNeedsTheClientSideEvenWhenTheServerAllows", policy("a-to-y", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - namespaceSelector: {matchLabels: {ns: y}}
						""") + "---\n" + policy("y-allows-all", "y", """
						podSelector: {}
						ingress:
						- {}
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expect(ExpectedReachability.matching("x/a"),
						ExpectedReachability.matching("y/"), true)),
				row("connectionNeedsTheServerIngressToo", policy("a-to-all", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- {}
						""") + "---\n" + policy("deny-y-a", "y", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Ingress]
						"""), 80, (r) -> r.expectAllIngress("y/a", false)),
				row("egressToAPodInAnotherNamespaceByPodAndNamespaceSelector", policy("a-to-y-a", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - namespaceSelector: {matchLabels: {ns: y}}
						    podSelector: {matchLabels: {pod: a}}
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expect("x/a", "y/a", true)),
				row("ingressAndEgressSpecifiedTogether", policy("both", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Ingress, Egress]
						ingress:
						- from:
						  - podSelector: {matchLabels: {pod: b}}
						egress:
						- to:
						  - namespaceSelector: {matchLabels: {ns: y}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("x/b", "x/a", true)
					.expectAllEgress("x/a", false).expect(ExpectedReachability.matching("x/a"), ExpectedReachability.matching("y/"),
							true)),
				row("policyTypesDefaultToEgressWhenEgressRulesExist", policy("egress-only-rules", """
						podSelector: {matchLabels: {pod: a}}
						egress:
						- to:
						  - podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expectAllEgress("x/a", false)
					.expect("x/a", "x/b", true)),
				row("policyTypesDefaultToIngressOnly", policy("ingress-default", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect("x/b", "x/a", true)),
				row("rulesOfAnUnlistedPolicyTypeAreIgnored", policy("egress-ignored", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Ingress]
						ingress:
						- {}
						egress:
						- to:
						  - podSelector: {matchLabels: {pod: b}}
						"""), 80, (r) -> {
				}),
				row("egressToACidrBlock", policy("egress-cidr", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - ipBlock: {cidr: 10.0.2.0/24}
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expect(ExpectedReachability.matching("x/a"),
						ExpectedReachability.matching("y/"), true)),
				row("ipBlockExceptLeavesOutItsAddresses", policy("egress-except", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - ipBlock: {cidr: 10.0.2.0/24, except: [10.0.2.2/32]}
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expect("x/a", "y/a", true)
					.expect("x/a", "y/c", true)),
				row("anAddressInAnExceptIsAllowedByAnotherRule", policy("egress-except-overlap", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - ipBlock: {cidr: 10.0.2.0/24, except: [10.0.2.2/32]}
						- to:
						  - ipBlock: {cidr: 10.0.2.2/32}
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expect(ExpectedReachability.matching("x/a"),
						ExpectedReachability.matching("y/"), true)),
				row("ingressFromACidrBlock", policy("ingress-cidr", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - ipBlock: {cidr: 10.0.3.0/24}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("z/"),
						ExpectedReachability.matching("x/a"), true)),
				row("ipv6BlockNeverMatchesIpv4Pods", policy("ipv6-everything", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						egress:
						- to:
						  - ipBlock: {cidr: "::/0"}
						"""), 80, (r) -> r.expectAllEgress("x/a", false)),
				row("ingressAndEgressAreControlledIndependently", policy("a-no-egress", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Egress]
						""") + "---\n" + policy("b-no-ingress", """
						podSelector: {matchLabels: {pod: b}}
						policyTypes: [Ingress]
						"""), 80, (r) -> r.expectAllEgress("x/a", false).expectAllIngress("x/b", false)),
				row("policiesSharingANameEachKeepTheirOwnRules", policy("same-name", """
						podSelector: {matchLabels: {pod: a}}
						policyTypes: [Ingress]
						""") + "---\n" + policy("same-name", """
						podSelector: {matchLabels: {pod: a}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: y}}
						"""), 80, (r) -> r.expectAllIngress("x/a", false).expect(ExpectedReachability.matching("y/"),
						ExpectedReachability.matching("x/a"), true)),
				row("podSelectorOfThePolicyDecidesWhoIsIsolated", policy("isolate-c", """
						podSelector: {matchLabels: {pod: c}}
						ingress:
						- from:
						  - namespaceSelector: {matchLabels: {ns: z}}
						"""), 80, (r) -> r.expectAllIngress("x/c", false).expect(ExpectedReachability.matching("z/"),
						ExpectedReachability.matching("x/c"), true)));
	}

	private static String stacked() {
		return policy("y-on-80", """
				podSelector: {matchLabels: {pod: a}}
				ingress:
				- from:
				  - namespaceSelector: {matchLabels: {ns: y}}
				  ports:
				  - port: 80
				""") + "---\n" + policy("z-on-81", """
				podSelector: {matchLabels: {pod: a}}
				ingress:
				- from:
				  - namespaceSelector: {matchLabels: {ns: z}}
				  ports:
				  - port: 81
				""");
	}

	static String policy(String name, String spec) {
		return policy(name, "x", spec);
	}

	static String policy(String name, String namespace, String spec) {
		return HEAD + "metadata: {name: " + name + ", namespace: " + namespace + "}\nspec:\n"
				+ spec.indent(2);
	}

	private static Arguments row(String rule, String policies, int port, Consumer<ExpectedReachability> expect) {
		return row(rule, policies, port, Protocol.TCP, expect);
	}

	private static Arguments row(String rule, String policies, int port, Protocol protocol,
			Consumer<ExpectedReachability> expect) {
		return Arguments.of(Named.of(rule, policies), port, protocol, expect);
	}

}
