package io.netpoldemo.netpol;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * What the API server refuses in a NetworkPolicy (k8s.io/kubernetes pkg/apis/networking/validation, its wording
 * quoted), and the null elements the evaluator refuses: one row per rule, each naming the field to blame.
 */
class PolicyValidationTests {

	static Stream<Arguments> refused() {
		return Stream.of(
				// Null and missing elements: each would otherwise reach the evaluator as a null.
				row("a null egress rule", "{podSelector: {}, egress: [null]}", "spec.egress[0]", "null; a rule is a mapping"
						+ " with to and ports ({} allows every peer on every port)"),
				row("a null ingress rule", "{podSelector: {}, ingress: [null]}", "spec.ingress[0]", "null; a rule is a "
						+ "mapping with from and ports ({} allows every peer on every port)"),
				row("a null to peer", "{podSelector: {}, egress: [{to: [null]}]}", "spec.egress[0].to[0]",
						"null; a peer is a mapping with podSelector, namespaceSelector or ipBlock"),
				row("a null from peer", "{podSelector: {}, ingress: [{}, {from: [{podSelector: {}}, null]}]}",
						"spec.ingress[1].from[1]", "null; a peer is a mapping with podSelector, namespaceSelector or ipBlock"),
				row("a null port", "{podSelector: {}, ingress: [{ports: [null]}]}", "spec.ingress[0].ports[0]",
						"null; a port entry is a mapping such as {protocol: TCP, port: 80}"),
				row("a null matchExpression", "{podSelector: {matchExpressions: [null]}}",
						"spec.podSelector.matchExpressions[0]", "null; an expression is a mapping with key, operator and values"),
				row("a matchExpression without operator", "{podSelector: {matchExpressions: [{key: app, values: [a]}]}}",
						"spec.podSelector.matchExpressions[0].operator", "Required value: one of In, NotIn, Exists, DoesNotExist"),
				row("a matchExpression without key",
						"{podSelector: {}, egress: [{to: [{podSelector: {matchExpressions: [{operator: Exists}]}}]}]}",
						"spec.egress[0].to[0].podSelector.matchExpressions[0].key",
						"Required value: the label key the expression tests"),
				row("a null matchLabels value", "{podSelector: {matchLabels: {app: null}}}", "spec.podSelector.matchLabels.app",
						"null; a label value is a string (write \"\" for the empty value)"),
				row("a null In value", "{podSelector: {matchExpressions: [{key: a, operator: In, values: [null]}]}}",
						"spec.podSelector.matchExpressions[0].values[0]", "null; a label value is a string"),
				row("a null except", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [null]}}]}]}",
						"spec.egress[0].to[0].ipBlock.except[0]", "null; an except is a block such as 10.0.0.0/24"),
				// ValidateNetworkPolicyPort
				row("protocol is one of TCP, UDP, SCTP", "{podSelector: {}, egress: [{ports: [{protocol: ICMP}]}]}",
						"spec.egress[0].ports[0].protocol", "Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\""),
				row("protocol is case-sensitive", "{podSelector: {}, egress: [{ports: [{protocol: tcp, port: 80}]}]}",
						"spec.egress[0].ports[0].protocol", "Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\""),
				row("port is 1-65535", "{podSelector: {}, egress: [{ports: [{port: 70000}]}]}", "spec.egress[0].ports[0].port",
						"Invalid value: 70000: must be between 1 and 65535, inclusive"),
				row("port 0 is no port", "{podSelector: {}, egress: [{ports: [{port: 0}]}]}", "spec.egress[0].ports[0].port",
						"Invalid value: 0: must be between 1 and 65535, inclusive"),
				row("endPort is 1-65535", "{podSelector: {}, egress: [{ports: [{port: 80, endPort: 65536}]}]}",
						"spec.egress[0].ports[0].endPort", "Invalid value: 65536: must be between 1 and 65535, inclusive"),
				row("endPort is at least port", "{podSelector: {}, egress: [{ports: [{port: 90, endPort: 80}]}]}",
						"spec.egress[0].ports[0].endPort", "Invalid value: 80: must be greater than or equal to `port` (90)"),
				row("endPort requires port", "{podSelector: {}, egress: [{ports: [{endPort: 80}]}]}",
						"spec.egress[0].ports[0].endPort", "Invalid value: 80: may not be specified when `port` is not specified"),
				row("endPort only with a numeric port", "{podSelector: {}, egress: [{ports: [{port: http, endPort: 90}]}]}",
						"spec.egress[0].ports[0].endPort", "Invalid value: 90: may not be specified when `port` is non-numeric"),
				// validation.IsValidPortName: an IANA service name
				row("a port name has at most 15 characters", "{podSelector: {}, egress: [{ports: [{port: abcdefghijklmnop}]}]}",
						"spec.egress[0].ports[0].port", "Invalid value: \"abcdefghijklmnop\": must be no more than 15 characters"),
				row("a port name is lowercase", "{podSelector: {}, egress: [{ports: [{port: HTTP}]}]}",
						"spec.egress[0].ports[0].port",
						"Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
				row("a port name has a letter", "{podSelector: {}, egress: [{ports: [{port: \"8080\"}]}]}",
						"spec.egress[0].ports[0].port", "Invalid value: \"8080\": must contain at least one letter (a-z)"),
				row("a port name has no double hyphen", "{podSelector: {}, egress: [{ports: [{port: a--b}]}]}",
						"spec.egress[0].ports[0].port", "Invalid value: \"a--b\": must not contain consecutive hyphens"),
				row("a port name does not begin with a hyphen", "{podSelector: {}, egress: [{ports: [{port: -http}]}]}",
						"spec.egress[0].ports[0].port", "Invalid value: \"-http\": must not begin or end with a hyphen"),
				row("a port name does not end with a hyphen", "{podSelector: {}, egress: [{ports: [{port: http-}]}]}",
						"spec.egress[0].ports[0].port", "Invalid value: \"http-\": must not begin or end with a hyphen"),
				// ValidateNetworkPolicyPeer and ValidateIPBlock
				row("a peer names something", "{podSelector: {}, egress: [{to: [{}]}]}", "spec.egress[0].to[0]",
						"Required value: must specify a peer (podSelector, namespaceSelector or ipBlock)"),
				row("ipBlock stands alone",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]}",
						"spec.egress[0].to[0]", "Forbidden: may not specify both ipBlock and another peer (use two peers)"),
				row("cidr is required", "{podSelector: {}, egress: [{to: [{ipBlock: {except: [10.0.0.0/8]}}]}]}",
						"spec.egress[0].to[0].ipBlock.cidr", "Required value: write a block such as 10.0.0.0/8"),
				row("cidr has a prefix", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0}}]}]}",
						"spec.egress[0].to[0].ipBlock.cidr", "Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. "
								+ "10.9.8.0/24 or 2001:db8::/64): '10.0.0.0' is not a CIDR block (address/prefix)"),
				row("the prefix fits the family", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}",
						"spec.egress[0].to[0].ipBlock.cidr", "Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. "
								+ "10.9.8.0/24 or 2001:db8::/64): '10.0.0.0/33' has a prefix length out of range 0-32"),
				row("the prefix is plain decimal digits", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/+8}}]}]}",
						"spec.egress[0].to[0].ipBlock.cidr", "Invalid value: \"10.0.0.0/+8\": must be a valid CIDR value, (e.g. "
								+ "10.9.8.0/24 or 2001:db8::/64): '10.0.0.0/+8' has no numeric prefix length (decimal digits 0-32)"),
				row("the prefix is ASCII digits", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: \"10.0.0.0/\\u0668\"}}]}]}",
						"spec.egress[0].to[0].ipBlock.cidr", "Invalid value: \"10.0.0.0/\u0668\": must be a valid CIDR value, (e.g. "
								+ "10.9.8.0/24 or 2001:db8::/64): '10.0.0.0/\u0668' has no numeric prefix length (decimal digits 0-32)"),
				row("an except is an address block",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [bad/8]}}]}]}",
						"spec.egress[0].to[0].ipBlock.except[0]", "Invalid value: \"bad/8\": must be a valid CIDR value, (e.g. "
								+ "10.9.8.0/24 or 2001:db8::/64): 'bad' is not an IP address"),
				row("an except lies inside cidr",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]}]}",
						"spec.egress[0].to[0].ipBlock.except[0]",
						"Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr` (10.0.0.0/8)"),
				row("an except is smaller than cidr",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]}",
						"spec.egress[0].to[0].ipBlock.except[0]",
						"Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr` (10.0.0.0/8)"),
				row("an except is of the same family",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [\"::ffff:10.0.0.0/104\"]}}]}]}",
						"spec.egress[0].to[0].ipBlock.except[0]", "Invalid value: \"::ffff:10.0.0.0/104\": must be a strict "
								+ "subset of `cidr` (0.0.0.0/0, another address family)"),
				// ValidateLabelSelector and policyTypes
				row("an operator is one of four", "{podSelector: {matchExpressions: [{key: a, operator: Has}]}}",
						"spec.podSelector.matchExpressions[0].operator",
						"Invalid value: \"Has\": not a valid selector operator (In, NotIn, Exists, DoesNotExist)"),
				row("In needs values",
						"{podSelector: {}, egress: [{to: [{namespaceSelector: {matchExpressions: [{key: a, operator: In}]}}]}]}",
						"spec.egress[0].to[0].namespaceSelector.matchExpressions[0].values",
						"Required value: must be specified when `operator` is 'In' or 'NotIn'"),
				row("Exists takes no values", "{podSelector: {matchExpressions: [{key: a, operator: Exists, values: [b]}]}}",
						"spec.podSelector.matchExpressions[0].values",
						"Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
				row("policyTypes are Ingress or Egress", "{podSelector: {}, policyTypes: [Ingress, egress]}",
						"spec.policyTypes[1]", "Unsupported value: \"egress\": supported values: \"Ingress\", \"Egress\""));
	}

	@ParameterizedTest
	@MethodSource
	void refused(String spec, String field, String message) {
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> parse(spec)).satisfies((ex) -> {
			assertThat(ex.document()).isEqualTo(2);
			assertThat(ex.field()).isEqualTo(field);
			assertThat(ex.getMessage()).isEqualTo("p.yaml, document 2, field " + field + ": " + message);
		});
	}

	static Stream<Arguments> accepted() {
		return Stream.of(argumentSet("endPort equal to port", "{podSelector: {}, egress: [{ports: [{port: 80, endPort: 80}]}]}"),
				argumentSet("a named port of 15 characters", "{podSelector: {}, egress: [{ports: [{port: a-b-c-d-e-f-g-h}]}]}"),
				argumentSet("a port name with digits", "{podSelector: {}, egress: [{ports: [{port: h2c-8080}]}]}"),
				argumentSet("an except strictly inside", "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, "
						+ "except: [10.1.0.0/16, 10.255.255.255/32]}}]}]}"),
				argumentSet("an IPv6 except strictly inside",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: \"fd00::/8\", except: [\"fd00::/64\"]}}]}]}"),
				argumentSet("an IPv4-mapped block in ::/0",
						"{podSelector: {}, egress: [{to: [{ipBlock: {cidr: \"::/0\", except: [\"::ffff:10.0.0.0/104\"]}}]}]}"),
				argumentSet("every protocol", "{podSelector: {}, egress: [{ports: [{protocol: TCP}, {protocol: UDP}, "
						+ "{protocol: SCTP}]}]}"),
				argumentSet("an empty rule and an empty port", "{podSelector: {}, egress: [{}, {ports: [{}]}]}"));
	}

	@ParameterizedTest
	@MethodSource
	void accepted(String spec) {
		assertThat(parse(spec).policies()).hasSize(1);
	}

	private static Cluster parse(String spec) {
		return ManifestLoader.parse("""
				apiVersion: v1
				kind: Namespace
				metadata: {name: a}
				---
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: p}
				spec: %s
				""".formatted(spec), Path.of("p.yaml"), "default");
	}

	private static Arguments row(String rule, String spec, String field, String message) {
		return argumentSet(rule, spec, field, message);
	}

}
