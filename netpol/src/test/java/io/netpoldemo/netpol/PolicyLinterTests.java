package io.netpoldemo.netpol;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyLinterTests {

	@Test
	void findsBlockedDnsForAnEgressIsolatedPod() {
		List<Lint> lints = lint(Demo.with("user-specific-rules"));
		assertThat(lints).extracting(Lint::code, Lint::subject)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Lint.Code.DNS_BLOCKED, Demo.USER));
		assertThat(lints.get(0).message()).startsWith("egress-isolated and cannot reach the cluster DNS (name "
				+ "resolution fails: no egress rule of netpol-demo/user-app-specific-rules allows UDP 53")
			.endsWith("every call by name fails at name resolution");
	}

	@Test
	void acceptsEgressIsolationThatAllowsDns() {
		assertThat(lint(Demo.with("user-specific-rules-with-dns"))).isEmpty();
		assertThat(lint(Demo.with("user-default-deny", "user-allow-dns"))).isEmpty();
	}

	@Test
	void findsARuleMadeRedundantByAnEverythingRule() {
		List<Lint> lints = lint(Demo.with("user-internet-access"));
		assertThat(lints).containsExactly(new Lint(Lint.Code.REDUNDANT_RULE,
				"netpol-demo/user-app-network-policy-internet egress[0]",
				"redundant: netpol-demo/user-app-network-policy-internet egress[1] (to: [] without ports) already "
						+ "allows every peer on every port; remove one of them"));
	}

	@Test
	void everythingRuleWithPortsMakesNothingRedundant() {
		assertThat(lint(Demo.with("user-specific-rules-with-dns"))).noneMatch((lint) -> lint.code() == Lint.Code.REDUNDANT_RULE);
	}

	@Test
	void findsAServicePortUsedAsAPolicyPort() {
		List<Lint> lints = lint(Demo.with("user-allow-dns").plus(policy("""
				metadata: {name: hello-on-8889}
				spec:
				  podSelector: {matchLabels: {app: user-app-pod}}
				  policyTypes: [Egress]
				  egress:
				  - to:
				    - podSelector: {matchLabels: {app: helloworld-app-pod}}
				    ports:
				    - port: 8889
				""")));
		assertThat(lints).containsExactly(new Lint(Lint.Code.SERVICE_PORT, "netpol-demo/hello-on-8889 egress[0]",
				"TCP 8889 is the port of Service netpol-demo/helloworld-app-service, not a container port of its pods: "
						+ "policies see the pod port after Service translation; use the targetPort 8888"));
	}

	@Test
	void findsAServicePortInAnIngressRule() {
		List<Lint> lints = lint(Demo.with().plus(policy("""
				metadata: {name: hello-in-8889}
				spec:
				  podSelector: {matchLabels: {app: helloworld-app-pod}}
				  policyTypes: [Ingress]
				  ingress:
				  - ports:
				    - port: 8889
				""")));
		assertThat(lints).extracting(Lint::code).containsExactly(Lint.Code.SERVICE_PORT);
	}

	@Test
	void containerPortIsNoServicePortFinding() {
		assertThat(lint(Demo.with("user-internet-access"))).noneMatch((lint) -> lint.code() == Lint.Code.SERVICE_PORT);
	}

	@Test
	void findsAPolicyThatSelectsNoPod() {
		List<Lint> lints = lint(Demo.with().plus(policy("""
				metadata: {name: typo}
				spec:
				  podSelector: {matchLabels: {app: user-app}}
				  policyTypes: [Ingress]
				""")));
		assertThat(lints).containsExactly(new Lint(Lint.Code.SELECTS_NO_POD, "netpol-demo/typo",
				"podSelector app=user-app matches no pod in netpol-demo: the policy has no effect; check the labels "
						+ "and the policy's namespace"));
	}

	@Test
	void findsMissingPolicyTypesAndSaysWhatTheyDefaultTo() {
		List<Lint> lints = lint(Demo.with().plus(policy("""
				metadata: {name: implicit}
				spec:
				  podSelector: {matchLabels: {app: auth-app-pod}}
				  ingress:
				  - {}
				  egress:
				  - {}
				""")));
		assertThat(lints).containsExactly(new Lint(Lint.Code.MISSING_POLICY_TYPES, "netpol-demo/implicit",
				"no policyTypes: the API server makes it [Ingress, Egress], so the pods are isolated for ingress even "
						+ "without ingress rules; write policyTypes out"));
	}

	private static List<Lint> lint(Cluster cluster) {
		return new PolicyLinter(new PolicyEvaluator(cluster)).lint();
	}

	private static Cluster policy(String yaml) {
		return ManifestLoader.parse("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n" + yaml,
				Path.of("policy.yaml"), "netpol-demo");
	}

}
