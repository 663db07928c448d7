package io.netpoldemo.user.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.user.check.ClosedPort;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/check}, the command the make targets and pipelines run, against a real user service on loopback whose
 * peers are one WireMock server and whose expectations come from manifest files, as in the lab. Every exit status:
 * 0 when the results agree, 1 on a MISMATCH (here: traffic a policy denies got through, which is the mark of a
 * network plugin that does not enforce NetworkPolicy), 2 on an unknown name, 3 when nothing answers.
 */
class CheckCommandIntegrationTests extends ManifestUserService {

	private static final Path CHECK = ROOT.resolve("bin/check");

	@Test
	void exitsZeroWhenEveryResultAgreesWithThePolicies() throws Exception {
		inForce("user-internet-access");
		Run run = check("all");
		assertThat(run.status()).as(run.output()).isZero();
		assertThat(run.output()).contains("TARGET", "ALLOWED", "MATCH")
			.containsPattern("Summary: 6 checks, 6 MATCH, 0 MISMATCH, 0 UNKNOWN \\(round \\d+\\)")
			.contains("check all: PASSED");
	}

	@Test
	void exitsOneNamingEachMismatchAndTheNetworkPluginWhenDeniedTrafficGetsThrough() throws Exception {
		inForce("user-default-deny");
		Run run = check("peers");
		assertThat(run.status()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("Summary: 2 checks, 0 MATCH, 2 MISMATCH, 0 UNKNOWN")
			.contains("MISMATCH auth: expected DENIED, observed OK")
			.contains("user-app-default-deny")
			.contains("WARNING The network plugin does not seem to enforce NetworkPolicy: the policies deny auth, hello")
			.contains("check peers: FAILED: 2 MISMATCH (auth, hello); the network plugin does not seem to enforce "
					+ "NetworkPolicy");
	}

	@Test
	void exitsTwoWithTheValidNamesForAnUnknownCheck() throws Exception {
		Run run = check("nope");
		assertThat(run.status()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains("unknown target or group 'nope'")
			.contains("use one of all, dns, peers, cross-namespace, internet, auth, hello");
		assertThat(check("'; touch x").status()).isEqualTo(2);
	}

	@Test
	void exitsThreeWithAnErrorInTheJUnitFileWhenTheServiceDoesNotAnswer(@TempDir Path out) throws Exception {
		Path junit = out.resolve("checks.xml");
		Run run = run(List.of(CHECK.toString(), "--url", "http://127.0.0.1:" + ClosedPort.next(), "--junit",
				junit.toString(), "all"));
		assertThat(run.status()).as(run.output()).isEqualTo(3);
		assertThat(run.output()).contains("could not reach the user service at http://127.0.0.1:");
		List<ReportTestSuite> suites = parse(junit);
		assertThat(suites).singleElement().satisfies((suite) -> {
			assertThat(suite.getNumberOfErrors()).isEqualTo(1);
			assertThat(suite.getTestCases()).singleElement().satisfies((test) -> {
				assertThat(test.hasError()).isTrue();
				assertThat(test.getFailureMessage()).contains("could not reach the user service");
			});
		});
	}

	@Test
	void throughTheServiceProxyAnUnknownNameIsStillAUsageError(@TempDir Path bin) throws Exception {
		// kubectl get --raw prints no status: a stand-in that fails on 4xx as kubectl does, on a loopback service.
		Path kubectl = bin.resolve("kubectl");
		Files.writeString(kubectl, """
				#!/usr/bin/env bash
				path="${@: -1}"
				exec curl -sSf --max-time 30 "%s${path#/api/v1/namespaces/netpol-demo/services/user-app-service:80/proxy}"
				""".formatted(url()));
		kubectl.toFile().setExecutable(true);
		inForce("user-internet-access");
		Run passed = run(List.of(CHECK.toString(), "--kubectl", "netpol-demo", "peers"), kubectl);
		assertThat(passed.status()).as(passed.output()).isZero();
		Run unknown = run(List.of(CHECK.toString(), "--kubectl", "netpol-demo", "cross"), kubectl);
		assertThat(unknown.status()).as(unknown.output()).isEqualTo(2);
		assertThat(unknown.output()).contains("unknown target or group 'cross': use one of all, dns, ");
		Run refused = run(List.of(CHECK.toString(), "--kubectl", "Not_A_Namespace", "all"), kubectl);
		assertThat(refused.status()).as(refused.output()).isEqualTo(2);
	}

	@Test
	void unknownFailsOnlyWhenStrict() throws Exception {
		// Name resolution alone has no expectation: every result is UNKNOWN.
		Run lenient = check("dns");
		assertThat(lenient.status()).as(lenient.output()).isZero();
		assertThat(lenient.output()).contains("6 UNKNOWN");
		Run strict = run(List.of(CHECK.toString(), "--url", url(), "--strict", "dns"));
		assertThat(strict.status()).as(strict.output()).isEqualTo(1);
		assertThat(strict.output()).contains("FAILED (strict): 6 UNKNOWN");
	}

	@Test
	void writesTheJUnitReportOfTheRoundItPrinted(@TempDir Path out) throws Exception {
		inForce("user-default-deny");
		Path junit = out.resolve("checks.xml");
		Run run = run(List.of(CHECK.toString(), "--url", url(), "--junit", junit.toString(), "all"));
		assertThat(run.status()).as(run.output()).isEqualTo(1);
		String round = run.output().replaceAll("(?s).*\\(round (\\d+)\\).*", "$1");
		String xml = Files.readString(junit);
		assertThat(xml).contains("<property name=\"round\" value=\"" + round + "\"/>")
			.contains("<property name=\"source\" value=\"" + DemoCluster.NAMESPACE + "/user-app\"/>");
		List<ReportTestSuite> suites = parse(junit);
		// Surefire's parser gives a suite per test class it meets; the checks' classes are their groups.
		List<ReportTestCase> tests = suites.stream().flatMap((suite) -> suite.getTestCases().stream()).toList();
		assertThat(tests).extracting(ReportTestCase::getFullClassName)
			.containsExactly("checks.peers", "checks.peers", "checks.cross-namespace", "checks.cross-namespace",
					"checks.internet", "checks.internet");
		assertThat(tests).allSatisfy((test) -> assertThat(test.hasFailure()).isTrue());
		assertThat(suites.stream().mapToInt(ReportTestSuite::getNumberOfFailures).sum()).isEqualTo(6);
		assertThat(suites.stream().mapToInt(ReportTestSuite::getNumberOfErrors).sum()).isZero();
		ReportTestCase auth = tests.get(0);
		assertThat(auth.getName()).isEqualTo("auth");
		assertThat(auth.getFullClassName()).isEqualTo("checks.peers");
		assertThat(auth.hasFailure()).isTrue();
		assertThat(auth.getFailureMessage()).isEqualTo("expected DENIED, observed OK");
		assertThat(auth.getFailureDetail()).contains("expected: DENIED", "observed: OK (HTTP 200)", "detail: ",
				"policy: ", "user-app-default-deny");
	}

	private static List<ReportTestSuite> parse(Path junit) throws Exception {
		return new TestSuiteXmlParser(new NullConsoleLogger()).parse(junit.toString());
	}

	private Run check(String name) throws Exception {
		return run(List.of(CHECK.toString(), "--url", url(), name));
	}

	private static Run run(List<String> command) throws Exception {
		return run(command, null);
	}

	private static Run run(List<String> command, Path kubectl) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
		builder.environment().remove("STRICT");
		if (kubectl != null) {
			builder.environment().put("KUBECTL", kubectl.toString());
		}
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("bin/check did not finish: " + command);
		}
		return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private record Run(int status, String output) {
	}

}
