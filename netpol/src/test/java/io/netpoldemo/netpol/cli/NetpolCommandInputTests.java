package io.netpoldemo.netpol.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.netpoldemo.netpol.ManifestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.netpoldemo.netpol.cli.NetpolCommandTests.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** What every command does with what it reads: standard input, bad and odd input, kinds it does not evaluate. */
class NetpolCommandInputTests {

	private static final String NL = System.lineSeparator();

	/** The three commands over the demo's services plus whatever standard input holds. */
	private static final List<List<String>> COMMANDS = List.of(List.of("lint"), List.of("reachability", "--port", "8888"),
			List.of("explain", "--from", "netpol-demo/user-app", "--to", "helloworld-app-service:8889", "--brief"));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			egress: [null]                                          | spec.egress[0]: null; a rule is a mapping with to and ports ({} allows every peer on every port)
			ingress: [null]                                         | spec.ingress[0]: null; a rule is a mapping with from and ports ({} allows every peer on every port)
			egress: [{to: [null]}]                                  | spec.egress[0].to[0]: null; a peer is a mapping with podSelector, namespaceSelector or ipBlock
			ingress: [{from: [null]}]                               | spec.ingress[0].from[0]: null; a peer is a mapping with podSelector, namespaceSelector or ipBlock
			egress: [{ports: [null]}]                               | spec.egress[0].ports[0]: null; a port entry is a mapping such as {protocol: TCP, port: 80}
			podSelector: {matchExpressions: [null]}                 | spec.podSelector.matchExpressions[0]: null; an expression is a mapping with key, operator and values
			podSelector: {matchExpressions: [{key: app}]}           | spec.podSelector.matchExpressions[0].operator: Required value: one of In, NotIn, Exists, DoesNotExist
			podSelector: {matchExpressions: [{operator: Exists}]}   | spec.podSelector.matchExpressions[0].key: Required value: the label key the expression tests
			podSelector: {matchLabels: {app: null}}                 | spec.podSelector.matchLabels.app: null; a label value is a string (write "" for the empty value)
			""")
	void nullOrMissingElementExitsWithTwoNamingFileDocumentAndField(String field, String message) {
		String policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  "
				+ (field.startsWith("podSelector") ? field : "podSelector: {}\n  " + field) + "\n";
		for (List<String> command : COMMANDS) {
			Result result = run("apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\n" + policy, command);
			assertThat(result.code()).as(command.get(0)).isEqualTo(2);
			assertThat(result.err()).as(command.get(0))
				.isEqualTo("netpol: -, document 2, field " + message + NL);
			assertThat(result.out()).isEmpty();
		}
	}

	@Test
	void containerPortWithoutANumberIsSkippedWithAWarning() {
		Result result = run("""
				apiVersion: v1
				kind: Pod
				metadata: {name: p, namespace: netpol-demo}
				spec: {containers: [{name: c, ports: [{name: http}]}]}
				""", COMMANDS.get(1));
		assertThat(result.code()).isZero();
		assertThat(result.err()).isEqualTo("netpol: warning: -, document 1, field spec.containers[0].ports[0]: no "
				+ "containerPort; skipped, so no named-port rule resolves to it" + NL);
		assertThat(result.out()).contains("netpol-demo/p");
	}

	@Test
	void everyCommandReadsStandardInputBesideFiles() {
		String policy = """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: deny-hello, namespace: netpol-demo}
				spec: {podSelector: {matchLabels: {app: helloworld-app-pod}}, policyTypes: [Ingress]}
				""";
		assertThat(run(policy, COMMANDS.get(2)).out()).contains("DENIED");
		assertThat(run(policy, COMMANDS.get(1)).out()).contains("X");
		Result lint = run(policy, COMMANDS.get(0));
		assertThat(lint.err()).isEmpty();
		assertThat(lint.code()).isZero();
	}

	@Test
	void policiesOfOtherApisGetOneWarningAndLeaveTheExitStatus() {
		String other = """
				{apiVersion: policy.networking.k8s.io/v1alpha1, kind: AdminNetworkPolicy, metadata: {name: anp}}
				---
				{apiVersion: cilium.io/v2, kind: CiliumNetworkPolicy, metadata: {name: c, namespace: netpol-demo}}
				""";
		for (List<String> command : COMMANDS) {
			Result result = run(other, command);
			assertThat(result.code()).as(command.get(0)).isZero();
			assertThat(result.err()).as(command.get(0))
				.isEqualTo("netpol: warning: not evaluated, as netpol models Kubernetes NetworkPolicy only: "
						+ "AdminNetworkPolicy anp (-, document 1), CiliumNetworkPolicy netpol-demo/c (-, document 2)" + NL);
		}
	}

	@Test
	void objectDefinedTwiceIsALintFinding() {
		String policy = "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: p, namespace: "
				+ "netpol-demo}, spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}}\n";
		Result result = run(policy + "---\n" + policy, COMMANDS.get(0));
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.out()).contains("DUPLICATE_OBJECT netpol-demo/p: NetworkPolicy defined in -, document 1 and "
				+ "again in -, document 2");
	}

	@Test
	void deviceIsRefusedWithExitTwo() {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = NetpolCommand.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err),
				"lint", "-f", "/dev/zero");
		assertThat(code).isEqualTo(2);
		assertThat(err.toString()).startsWith("netpol: /dev/zero: not a regular file");
	}

	@Test
	void exitCodeNamesBadInputAndCallsAnythingElseABug() {
		StringWriter err = new StringWriter();
		assertThat(NetpolCommand.exitCode(new ManifestException(Path.of("a.yaml"), 2, "spec", "missing"),
				new PrintWriter(err))).isEqualTo(2);
		assertThat(NetpolCommand.exitCode(new IllegalArgumentException("no pod 'x'"), new PrintWriter(err)))
			.isEqualTo(2);
		assertThat(NetpolCommand.exitCode(new NullPointerException("boom"), new PrintWriter(err))).isEqualTo(2);
		assertThat(err.toString()).isEqualTo("netpol: a.yaml, document 2, field spec: missing" + NL
				+ "netpol: no pod 'x'" + NL + "netpol: internal error: java.lang.NullPointerException: boom (a bug in "
				+ "netpol; please report it with the input)" + NL);
	}

	private record Result(int code, String out, String err) {
	}

	/** Runs a command over the demo's services and {@code stdin} given as {@code -f -}. */
	private static Result run(String stdin, List<String> command) {
		List<String> args = new java.util.ArrayList<>(command);
		args.addAll(List.of("-n", "netpol-demo", "-f", resource("demo/services.yaml"), "-"));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = NetpolCommand.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
		return new Result(code, out.toString(), err.toString());
	}

}
