package io.netpoldemo.netpol;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Calls as the user service makes them: DNS first, Services translated, names outside the cluster, explanations. */
class CallEvaluationTests {

	private static final String DNS_RULE = """
			- to:
			  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
			    podSelector: {matchLabels: {k8s-app: kube-dns}}
			  ports:
			  - {protocol: UDP, port: 53}
			""";

	@Test
	void nameBasedCallFailsAtDnsAndTheReasonNamesTheMissingRule() {
		Evaluation auth = evaluator("user-specific-rules").call(Demo.USER, "http://auth-app-service:8124/authenticate");
		assertThat(auth.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(auth.stage()).isEqualTo(Stage.DNS);
		assertThat(auth.reason()).isEqualTo("name resolution fails: no egress rule of "
				+ "netpol-demo/user-app-specific-rules allows UDP 53 to kube-system/kube-dns; missing rule: egress to "
				+ "namespaceSelector kubernetes.io/metadata.name=kube-system podSelector k8s-app=kube-dns on UDP 53 "
				+ "and TCP 53");
		assertThat(auth.explanation()).anyMatch((line) -> line.contains("assumed: the inputs hold no cluster DNS pod"))
			.contains("      netpol-demo/user-app-specific-rules egress[0]: no port entry matches UDP 53");
	}

	@Test
	void clusterDnsPodOfTheInputsReplacesTheAssumedOne() {
		Cluster cluster = Demo.with("user-specific-rules-with-dns").plus(yaml("""
				apiVersion: v1
				kind: Pod
				metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
				spec:
				  containers:
				  - name: coredns
				    ports: [{name: dns, containerPort: 53, protocol: UDP}]
				"""));
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		Evaluation auth = evaluator.call(Demo.USER, "auth-app-service:8124");
		assertThat(evaluator.dnsAssumed()).isFalse();
		assertThat(auth.verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(auth.explanation()).noneMatch((line) -> line.contains("assumed"))
			.anyMatch((line) -> line.contains("netpol-demo/user-app -> kube-system/coredns on UDP 53"));
	}

	@Test
	void namesTheNamespaceWhoseObjectsDecideACall() {
		PolicyEvaluator evaluator = evaluator("user-internet-access");
		assertThat(evaluator.namespaceOf(Demo.USER, "http://auth-app-service:8124/")).contains("netpol-demo");
		assertThat(evaluator.namespaceOf(Demo.USER, "tcp://kube-dns.kube-system.svc.cluster.local:53"))
			.contains("kube-system");
		assertThat(evaluator.namespaceOf(Demo.USER, "argocd-server.argocd.svc")).contains("argocd");
		assertThat(evaluator.namespaceOf(Demo.USER, "kube-dns.kube-system")).as("a namespace the inputs know")
			.contains("kube-system");
		assertThat(evaluator.namespaceOf(Demo.USER, "https://api.github.com/users/octocat")).isEmpty();
		assertThat(evaluator.namespaceOf(Demo.USER, "httpbin.org")).as("org is no namespace of the inputs").isEmpty();
		assertThat(evaluator.namespaceOf(Demo.USER, "203.0.113.7:443")).isEmpty();
		assertThat(evaluator.namespaceOf(Demo.USER, "other/pod-0:80")).contains("other");
	}

	@Test
	void allowedCallNamesTheRuleThatAllowsIt() {
		Evaluation hello = evaluator("user-internet-access").call(Demo.USER, "http://helloworld-app-service:8889/");
		assertThat(hello.verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(hello.stage()).isEqualTo(Stage.NONE);
		assertThat(hello.reason()).isEqualTo("netpol-demo/user-app-network-policy-internet egress[0] allows it "
				+ "(podSelector app=helloworld-app-pod in netpol-demo, TCP 8888); ingress of netpol-demo/helloworld-app "
				+ "is not isolated");
	}

	@Test
	void serviceCallIsEvaluatedOnThePodPortNeverTheServicePort() {
		PolicyEvaluator evaluator = new PolicyEvaluator(Demo.with().plus(userEgress("hello-on-service-port", """
				- to:
				  - podSelector: {matchLabels: {app: helloworld-app-pod}}
				  ports:
				  - port: 8889
				""" + DNS_RULE)));
		Evaluation hello = evaluator.call(Demo.USER, "http://helloworld-app-service:8889/");
		assertThat(hello.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(hello.stage()).isEqualTo(Stage.CONNECT);
		assertThat(hello.explanation()).contains("Service port 8889/TCP -> netpol-demo/helloworld-app port 8888 "
				+ "(policies see the pod port, never the Service port)");
	}

	@Test
	void callOnAPortTheServiceDoesNotHaveFails() {
		Evaluation hello = evaluator().call(Demo.USER, "helloworld-app-service:8888");
		assertThat(hello.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(hello.stage()).isEqualTo(Stage.CONNECT);
		assertThat(hello.reason()).startsWith("Service netpol-demo/helloworld-app-service has no TCP port 8888 (its "
				+ "ports: [8889/TCP])");
	}

	@Test
	void externalNameIsAllowedByAnIpBlockHoldingEveryPublicAddress() {
		Evaluation github = withUserEgress("""
				- to:
				  - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}
				  ports:
				  - port: 443
				""").call(Demo.USER, "https://api.github.com/users/octocat");
		assertThat(github.verdict()).isEqualTo(Verdict.ALLOWED);
	}

	@Test
	void externalNameIsAllowedByTheIpv6EverythingBlock() {
		Evaluation github = withUserEgress("""
				- to:
				  - ipBlock: {cidr: "::/0"}
				""").call(Demo.USER, "https://api.github.com/users/octocat");
		assertThat(github.verdict()).isEqualTo(Verdict.ALLOWED);
	}

	@Test
	void externalNameIsUnknownUnderANarrowerIpBlock() {
		Evaluation github = withUserEgress("""
				- to:
				  - ipBlock: {cidr: 140.82.112.0/20}
				""").call(Demo.USER, "https://api.github.com/users/octocat");
		assertThat(github.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(github.stage()).isEqualTo(Stage.CONNECT);
		assertThat(github.reason()).isEqualTo("netpol-demo/user-egress egress[0] may allow it (ipBlock 140.82.112.0/20 "
				+ "may or may not hold the address api.github.com resolves to (not known offline), every port)");
	}

	@Test
	void externalNameIsUnknownWhenAnExceptMayCoverIt() {
		Evaluation github = withUserEgress("""
				- to:
				  - ipBlock: {cidr: 0.0.0.0/0, except: [140.0.0.0/8]}
				""").call(Demo.USER, "https://api.github.com/");
		assertThat(github.verdict()).isEqualTo(Verdict.UNKNOWN);
	}

	@Test
	void externalAddressIsMatchedExactlyAgainstIpBlocks() {
		PolicyEvaluator evaluator = withUserEgress("""
				- to:
				  - ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}
				""");
		assertThat(evaluator.call(Demo.USER, "https://203.0.113.10/").verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(evaluator.call(Demo.USER, "https://203.0.113.200/").verdict()).isEqualTo(Verdict.DENIED);
		assertThat(evaluator.call(Demo.USER, "https://203.0.113.200/").stage()).isEqualTo(Stage.CONNECT);
	}

	@Test
	void externalIpv6AddressIsMatchedAgainstIpv6Blocks() {
		PolicyEvaluator evaluator = withUserEgress("""
				- to:
				  - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:ff::/48"]}
				""");
		assertThat(evaluator.call(Demo.USER, "https://[2001:db8::1]:443/").verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(evaluator.call(Demo.USER, "https://[2001:db8:ff::1]/").verdict()).isEqualTo(Verdict.DENIED);
		assertThat(evaluator.call(Demo.USER, "2001:db9::1").verdict()).isEqualTo(Verdict.DENIED);
	}

	@Test
	void tcpUrlKeepsItsPort() {
		Evaluation dns = evaluator("user-specific-rules-with-dns").call(Demo.USER,
				"tcp://kube-dns.kube-system.svc.cluster.local:53");
		assertThat(dns.verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(dns.explanation()).contains("Service port 53/TCP -> kube-system/kube-dns port 53 (policies see the "
				+ "pod port, never the Service port)");
	}

	@Test
	void unknownServiceIsUnknownWhenTheVerdictDependsOnItsPodsLabels() {
		Evaluation argocd = withUserEgress("""
				- to:
				  - namespaceSelector: {}
				    podSelector: {matchLabels: {app.kubernetes.io/name: argocd-server}}
				""").call(Demo.USER, "http://argocd-server.argocd.svc.cluster.local/");
		assertThat(argocd.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(argocd.reason()).contains("the labels of argocd/argocd-server pods are not in the inputs");
	}

	@Test
	void unknownServiceIsDeniedWhenNoRuleCouldMatch() {
		Evaluation argocd = evaluator("user-default-deny", "user-allow-dns").call(Demo.USER,
				"http://argocd-server.argocd.svc.cluster.local/");
		assertThat(argocd.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(argocd.stage()).isEqualTo(Stage.CONNECT);
		assertThat(argocd.reason()).isEqualTo("no egress rule of netpol-demo/user-app-default-deny, "
				+ "netpol-demo/user-app-allow-dns allows TCP (unknown port) to argocd/argocd-server pods");
	}

	@Test
	void unknownServiceIsAllowedByARuleForEveryPeer() {
		Evaluation argocd = evaluator("user-internet-access").call(Demo.USER, "argocd-server.argocd:80");
		assertThat(argocd.verdict()).isEqualTo(Verdict.ALLOWED);
	}

	@Test
	void unknownNameInTheOwnNamespaceIsUnknownAtDns() {
		Evaluation missing = evaluator().call(Demo.USER, "http://billing-service:8080/");
		assertThat(missing.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(missing.stage()).isEqualTo(Stage.DNS);
		assertThat(missing.reason()).isEqualTo("the inputs hold no Service billing-service in netpol-demo");
	}

	@Test
	void everyDnsFormOfAServiceNameResolvesToIt() {
		PolicyEvaluator evaluator = evaluator("user-specific-rules-with-dns");
		for (String name : new String[] { "auth-app-service", "auth-app-service.netpol-demo",
				"auth-app-service.netpol-demo.svc", "auth-app-service.netpol-demo.svc.cluster.local",
				"auth-app-service.netpol-demo.svc.cluster.local." }) {
			Evaluation auth = evaluator.call(Demo.USER, "http://" + name + ":8124/");
			assertThat(auth.verdict()).as(name).isEqualTo(Verdict.ALLOWED);
			assertThat(auth.explanation()).as(name).contains(name.replaceAll("\\.$", "")
					+ " is Service netpol-demo/auth-app-service");
		}
	}

	@Test
	void callByIpSkipsNameResolution() {
		Cluster cluster = Demo.with("user-default-deny").plus(yaml("""
				apiVersion: v1
				kind: Pod
				metadata: {name: db, labels: {app: db}}
				spec: {containers: [{name: db}]}
				status: {podIP: 10.244.0.7}
				"""));
		Evaluation db = new PolicyEvaluator(cluster).call(Demo.USER, "10.244.0.7:5432");
		assertThat(db.stage()).isEqualTo(Stage.CONNECT);
		assertThat(db.explanation()).contains("10.244.0.7 is the IP of pod netpol-demo/db");
	}

	@Test
	void podTrafficToItselfIsAlwaysAllowed() {
		Evaluation self = evaluator("user-default-deny").evaluate(Demo.USER, Demo.USER, 8080, Protocol.TCP);
		assertThat(self.verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(self.reason()).isEqualTo("a pod's traffic to itself is always allowed");
	}

	@Test
	void servicePodsThatDisagreeGiveUnknown() {
		Cluster cluster = Demo.with().plus(yaml("""
				apiVersion: v1
				kind: Pod
				metadata: {name: hello-canary, labels: {app: helloworld-app-pod, track: canary}}
				spec: {containers: [{name: hello, ports: [{containerPort: 8888}]}]}
				---
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: canary-closed}
				spec:
				  podSelector: {matchLabels: {track: canary}}
				  policyTypes: [Ingress]
				"""));
		Evaluation hello = new PolicyEvaluator(cluster).call(Demo.USER, "helloworld-app-service:8889");
		assertThat(hello.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(hello.reason()).startsWith("1 of 2 pods allow it, so it depends on the pod picked: no ingress rule of "
				+ "netpol-demo/canary-closed allows TCP 8888 from netpol-demo/user-app");
	}

	@Test
	void ipBlockDecidingAboutAPodIpSaysItIsCniDependent() {
		Evaluation evaluation = new PolicyEvaluator(XyzModel.cluster(NetworkPolicySemanticsTests.policy("cidr", """
				podSelector: {matchLabels: {pod: a}}
				policyTypes: [Egress]
				egress:
				- to:
				  - ipBlock: {cidr: 10.0.2.0/24}
				"""))).evaluate("x/a", "y/b", 80, Protocol.TCP);
		assertThat(evaluation.verdict()).isEqualTo(Verdict.ALLOWED);
		assertThat(evaluation.explanation()).anyMatch((line) -> line.contains("CNI-dependent"));
	}

	@Test
	void podWithoutAnIpUnderANarrowIpBlockIsUnknown() {
		Evaluation hello = withUserEgress("""
				- to:
				  - ipBlock: {cidr: 10.244.0.0/16}
				""").evaluate(Demo.USER, "netpol-demo/helloworld-app", 8888, Protocol.TCP);
		assertThat(hello.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(hello.reason()).contains("no pod IP in the inputs");
	}

	@Test
	void explanationNamesIsolatingPoliciesOnBothEnds() {
		Evaluation hello = evaluator("user-internet-access", "hello-deny-ingress").call(Demo.USER,
				"http://helloworld-app-service:8889/");
		assertThat(hello.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(hello.reason()).isEqualTo("no ingress rule of netpol-demo/helloworld-app-deny-ingress allows TCP 8888 "
				+ "from netpol-demo/user-app");
		assertThat(hello.explanation()).contains(
				"  egress of netpol-demo/user-app: isolated by netpol-demo/user-app-network-policy-internet",
				"  ingress of netpol-demo/helloworld-app: isolated by netpol-demo/helloworld-app-deny-ingress",
				"    netpol-demo/helloworld-app-deny-ingress has no ingress rule: allows nothing");
	}

	@Test
	void sharedEvaluatorGivesTheSameVerdictsFromManyThreads() {
		PolicyEvaluator shared = evaluator("user-specific-rules-with-dns", "hello-deny-ingress");
		List<String> targets = IntStream.range(0, 200)
			.mapToObj((i) -> Demo.TARGETS.values().stream().toList().get(i % Demo.TARGETS.size()))
			.toList();
		List<Verdict> parallel = targets.parallelStream()
			.map((target) -> shared.call(Demo.USER, target).verdict())
			.toList();
		PolicyEvaluator fresh = evaluator("user-specific-rules-with-dns", "hello-deny-ingress");
		assertThat(parallel).isEqualTo(targets.stream().map((target) -> fresh.call(Demo.USER, target).verdict()).toList());
	}

	@Test
	void objectWithoutANamespaceIsRejectedWithWhatToDo() {
		Pod pod = new PodBuilder().withNewMetadata()
			.withName("orphan")
			.endMetadata()
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PolicyEvaluator(Cluster.of(List.of(), List.of(pod),
					List.of(), List.of())))
			.withMessage("Pod orphan has no metadata.name or metadata.namespace: the evaluator needs both "
					+ "(ManifestLoader fills the namespace in)");
	}

	@Test
	void aTargetParsedByTheCallerIsJudgedAsTheSameTextParsedHere() {
		PolicyEvaluator evaluator = evaluator("user-specific-rules-with-dns");
		List<CallTarget> parsedByCaller = List.of(
				CallTarget.of("Auth-App-Service.", 8124, "http://Auth-App-Service.:8124/authenticate"),
				CallTarget.of("helloworld-app-service", 80, "http://helloworld-app-service/"),
				CallTarget.of("kube-dns.kube-system.svc.cluster.local", 53, "tcp://kube-dns.kube-system.svc.cluster.local:53"),
				CallTarget.of("fd00::7", 5432, "tcp://[fd00::7]:5432"));
		for (CallTarget call : parsedByCaller) {
			assertThat(CallTarget.parse(call.text())).as(call.text()).isEqualTo(call);
			assertThat(evaluator.call(Demo.USER, call, Protocol.TCP)).as(call.text())
				.isEqualTo(evaluator.call(Demo.USER, call.text(), Protocol.TCP));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> CallTarget.of(".", 80, "http://./"))
			.withMessageContaining("names no host");
	}

	@Test
	void serviceWithoutPortsConnectsNothing() {
		Cluster cluster = Demo.with().plus(yaml("""
				apiVersion: v1
				kind: Service
				metadata: {name: portless}
				spec:
				  selector: {app: auth-app-pod}
				  ports: null
				"""));
		Evaluation call = new PolicyEvaluator(cluster).call(Demo.USER, "http://portless:8124/");
		assertThat(call.verdict()).isEqualTo(Verdict.DENIED);
		assertThat(call.reason()).isEqualTo("Service netpol-demo/portless has no TCP port 8124 (its ports: []): the"
				+ " connection fails whatever the policies say");
		// The linter looks for the port of a rule among every Service's ports, the portless one included.
		PolicyEvaluator linted = new PolicyEvaluator(cluster.plus(userEgress("hello-on-service-port", """
				- to:
				  - podSelector: {matchLabels: {app: helloworld-app-pod}}
				  ports:
				  - port: 8889
				""")));
		assertThat(new PolicyLinter(linted).lint()).extracting(Lint::code).contains(Lint.Code.SERVICE_PORT);
	}

	private static PolicyEvaluator evaluator(String... scenarios) {
		return new PolicyEvaluator(Demo.with(scenarios));
	}

	private static PolicyEvaluator withUserEgress(String rules) {
		return new PolicyEvaluator(Demo.with().plus(userEgress("user-egress", rules + DNS_RULE)));
	}

	private static Cluster userEgress(String name, String rules) {
		return yaml("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name + "}\nspec:\n"
				+ "  podSelector: {matchLabels: {app: user-app-pod}}\n  policyTypes: [Egress]\n  egress:\n"
				+ rules.indent(2));
	}

	private static Cluster yaml(String text) {
		return ManifestLoader.parse(text, Path.of("extra.yaml"), "netpol-demo");
	}

}
