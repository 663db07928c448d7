package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NetpolCommandTests {

	@Test
	void reachabilityTablePrintsTheTruthTable() {
		Result result = run("reachability", "-f", resource("xyz/model.yaml"), resource("xyz/deny-ingress-allow-y.yaml"));
		assertThat(result.code()).isZero();
		assertThat(result.out()).isEqualTo("""
				-   x/a x/b x/c y/a y/b y/c z/a z/b z/c
				x/a .   .   .   .   .   .   .   .   .
				x/b X   .   .   .   .   .   .   .   .
				x/c X   .   .   .   .   .   .   .   .
				y/a .   .   .   .   .   .   .   .   .
				y/b .   .   .   .   .   .   .   .   .
				y/c .   .   .   .   .   .   .   .   .
				z/a X   .   .   .   .   .   .   .   .
				z/b X   X   X   X   X   X   X   .   X
				z/c X   .   .   .   .   .   .   .   .
				""");
	}

	@Test
	void reachabilityJsonHasExactlyTheDocumentedShape() throws Exception {
		Result result = run("reachability", "-f", resource("xyz/model.yaml"), resource("xyz/deny-ingress-allow-y.yaml"),
				"-o", "json", "--port", "81");
		assertThat(result.code()).isZero();
		JsonNode json = new ObjectMapper().readTree(result.out());
		assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
			.containsExactly("port", "protocol", "pods", "pairs");
		assertThat(json.get("port").intValue()).isEqualTo(81);
		assertThat(json.get("protocol").textValue()).isEqualTo("TCP");
		assertThat(json.get("pods")).hasSize(9);
		assertThat(json.get("pods").get(0).textValue()).isEqualTo("x/a");
		assertThat(json.get("pairs")).hasSize(81);
		JsonNode first = json.get("pairs").get(1);
		assertThat(first.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("from", "to", "allowed");
		assertThat(first.get("from").textValue()).isEqualTo("x/a");
		assertThat(first.get("to").textValue()).isEqualTo("x/b");
		assertThat(first.get("allowed").isBoolean()).isTrue();
		List<String> denied = new ArrayList<>();
		json.get("pairs").forEach((pair) -> {
			if (!pair.get("allowed").booleanValue()) {
				denied.add(pair.get("from").textValue() + ">" + pair.get("to").textValue());
			}
		});
		assertThat(denied).containsExactly("x/b>x/a", "x/c>x/a", "z/a>x/a", "z/b>x/a", "z/b>x/b", "z/b>x/c",
				"z/b>y/a", "z/b>y/b", "z/b>y/c", "z/b>z/a", "z/b>z/c", "z/c>x/a");
	}

	@Test
	void reachabilityResolvesANamedPortPerDestinationPod() throws Exception {
		Result result = run("reachability", "-f", resource("xyz/model.yaml"), "-o", "json", "--port", "serve-81-udp",
				"--protocol", "UDP");
		JsonNode json = new ObjectMapper().readTree(result.out());
		assertThat(json.get("port").textValue()).isEqualTo("serve-81-udp");
		assertThat(json.get("protocol").textValue()).isEqualTo("UDP");
		json.get("pairs").forEach((pair) -> assertThat(pair.get("allowed").booleanValue()).isTrue());
	}

	@Test
	void explainGivesVerdictStageReasonAndExplanation() {
		Result result = run("explain", "-f", resource("demo/services.yaml"),
				resource("demo/policies/user-specific-rules-with-dns.yaml"), "-n", "netpol-demo", "--from",
				"netpol-demo/user-app", "--to", "hello=http://helloworld-app-service:8889/");
		assertThat(result.code()).isZero();
		assertThat(result.out()).contains("TARGET  EXPECTED  STAGE    REASON")
			.contains("hello   DENIED    CONNECT  no egress rule of netpol-demo/user-app-specific-rules-with-dns "
					+ "allows TCP 8888 to netpol-demo/helloworld-app")
			.contains("Service port 8889/TCP -> netpol-demo/helloworld-app port 8888")
			.contains("note: the inputs hold no cluster DNS pod; the standard kube-dns");
	}

	@Test
	void explainBriefPrintsOnlyTheSummary() {
		Result result = run("explain", "-f", resource("demo/services.yaml"), "--from", "netpol-demo/app=user-app-pod",
				"--to", "auth=auth-app-service:8124", "github=https://api.github.com/", "--brief");
		assertThat(result.out().lines().limit(3)).containsExactly("TARGET  EXPECTED  STAGE    REASON",
				"auth    ALLOWED   -        egress of netpol-demo/user-app is not isolated; ingress of "
						+ "netpol-demo/auth-app is not isolated",
				"github  ALLOWED   -        egress of netpol-demo/user-app is not isolated; ingress of "
						+ "api.github.com is not policed");
		assertThat(result.out()).doesNotContain("call from");
	}

	@Test
	void explainTakesAPodAsNamespaceSlashNameWithAPort() {
		Result result = run("explain", "-f", resource("xyz/model.yaml"), resource("xyz/deny-ingress-allow-y.yaml"),
				"--from", "x/b", "--to", "x/a:81", "y/a:81", "--brief");
		assertThat(result.out().lines().limit(3)).containsExactly("TARGET  EXPECTED  STAGE    REASON",
				"x/a:81  DENIED    CONNECT  no ingress rule of x/allow-ns-y allows TCP 81 from x/b",
				"y/a:81  ALLOWED   -        egress of x/b is not isolated; ingress of y/a is not isolated");
	}

	@Test
	void reachabilityJsonSaysNullWhereTheInputsCannotTell(@TempDir Path directory) throws Exception {
		Path policy = directory.resolve("cidr.yaml");
		Files.writeString(policy, """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: cidr, namespace: netpol-demo}
				spec:
				  podSelector: {matchLabels: {app: user-app-pod}}
				  policyTypes: [Egress]
				  egress:
				  - to: [{ipBlock: {cidr: 10.244.0.0/16}}]
				""");
		Result result = run("reachability", "-f", resource("demo/services.yaml"), policy.toString(), "-o", "json");
		JsonNode json = new ObjectMapper().readTree(result.out());
		assertThat(json.get("pairs").get(1).get("to").textValue()).isEqualTo("netpol-demo/auth-app");
		assertThat(json.get("pairs").get(1).get("allowed").isNull()).isTrue();
		assertThat(run("reachability", "-f", resource("demo/services.yaml"), policy.toString()).out())
			.containsPattern("\nnetpol-demo/user-app +\\. +\\? +\\?\n");
	}

	@Test
	void lintExitsWithOneAndListsFindings() {
		Result result = run("lint", "-n", "netpol-demo", "-f", resource("demo/services.yaml"),
				resource("demo/policies/user-specific-rules.yaml"));
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.out()).contains("DNS_BLOCKED netpol-demo/user-app: egress-isolated and cannot reach the "
				+ "cluster DNS").endsWith("1 finding" + System.lineSeparator());
	}

	@Test
	void lintExitsWithZeroWithoutFindings() {
		Result result = run("lint", "-n", "netpol-demo", "-f", resource("demo/services.yaml"),
				resource("demo/policies/user-specific-rules-with-dns.yaml"));
		assertThat(result.code()).isZero();
		assertThat(result.out()).isEqualTo("no findings" + System.lineSeparator());
	}

	@Test
	void fieldOfTheWrongTypeNamesFileDocumentAndField() {
		String file = resource("invalid/wrong-type.yaml");
		Result result = run("lint", "-f", file);
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("netpol: " + file + ", document 2, field spec.ports[0].port: expected an "
				+ "integer, got the string \"eighty\" (as a Service defines it)" + System.lineSeparator());
	}

	@Test
	void unknownKindNamesFileDocumentAndField() {
		String file = resource("invalid/unknown-kind.yaml");
		Result result = run("reachability", "-f", file);
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).startsWith("netpol: " + file + ", document 2, field kind: unknown kind 'Widget'");
	}

	@Test
	void invalidYamlNamesFileDocumentAndLine() {
		String file = resource("invalid/broken.yaml");
		Result result = run("explain", "-f", file, "--from", "demo/x", "--to", "y:80");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).startsWith("netpol: " + file + ", document 2: not valid YAML at line 9");
	}

	@Test
	void unknownSourcePodExitsWithTwoAndListsThePods() {
		Result result = run("explain", "-f", resource("demo/services.yaml"), "--from", "netpol-demo/nope", "--to",
				"auth-app-service:8124");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).contains("no pod 'netpol-demo/nope' in the inputs")
			.contains("netpol-demo/user-app, netpol-demo/auth-app, netpol-demo/helloworld-app");
	}

	@Test
	void warnsWhenAPolicySelectsNoPodBecauseItLandedInTheDefaultNamespace(@TempDir Path directory) throws Exception {
		Path policy = directory.resolve("deny.yaml");
		Files.writeString(policy, """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata:
				  name: deny-hello
				spec:
				  podSelector:
				    matchLabels:
				      app: helloworld-app-pod
				  policyTypes: [Ingress]
				""");
		Result unplaced = run("explain", "-f", resource("demo/services.yaml"), policy.toString(), "--from",
				"netpol-demo/user-app", "--to", "helloworld-app-service:8889", "--brief");
		assertThat(unplaced.code()).isZero();
		assertThat(unplaced.out()).contains("ALLOWED");
		assertThat(unplaced.err()).contains("netpol: warning: default/deny-hello selects no pod")
			.contains("-n NAMESPACE");
		Result placed = run("explain", "-n", "netpol-demo", "-f", resource("demo/services.yaml"), policy.toString(),
				"--from", "netpol-demo/user-app", "--to", "helloworld-app-service:8889", "--brief");
		assertThat(placed.out()).contains("DENIED");
		assertThat(placed.err()).isEmpty();
	}

	@Test
	void missingFileExitsWithTwo() {
		Result result = run("lint", "-f", "no/such/file.yaml");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("netpol: no/such/file.yaml: no such file or directory" + System.lineSeparator());
	}

	@Test
	void badOptionValueIsAUsageErrorWithExitTwo() {
		Result result = run("reachability", "-f", resource("xyz/model.yaml"), "-o", "yaml");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).contains("Invalid value for option '--output'");
	}

	@Test
	void portOutOfRangeOrBlankExitsWithTwoAndSaysWhatToGive() {
		for (String port : new String[] { "0", "70000", "99999999999" }) {
			Result result = run("reachability", "-f", resource("xyz/model.yaml"), "--port", port, "-o", "json");
			assertThat(result.code()).as(port).isEqualTo(2);
			assertThat(result.err()).isEqualTo("netpol: port " + port
					+ " is out of range 1-65535; give a port number in range or a container port name"
					+ System.lineSeparator());
		}
		Result blank = run("reachability", "-f", resource("xyz/model.yaml"), "--port", "");
		assertThat(blank.code()).isEqualTo(2);
		assertThat(blank.err()).contains("no port given; give a port number (1-65535) or a container port name");
	}

	record Result(int code, String out, String err) {
	}

	static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = NetpolCommand.run(new PrintWriter(out), new PrintWriter(err), args);
		return new Result(code, out.toString(), err.toString());
	}

	static String resource(String name) {
		try {
			return Path.of(NetpolCommandTests.class.getClassLoader().getResource(name).toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
