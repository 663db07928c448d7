package io.netpoldemo.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every variable of the Makefile that reaches a shell is checked (make/validate.mk) while make reads the makefiles:
 * a value that tries to run a command is refused with exit 2 and the variable's name, before the target does anything.
 * The targets are run for real, not with {@code make -n}: under {@code -n} make still runs the lines that call
 * {@code $(MAKE)} and expands every recipe, so a dry run would prove less than a real one, and the checks stop make
 * before any recipe is expanded.
 */
class MakeVariablesIntegrationTests {

	/** Each tries to create the canary file: as a shell command, through make's expansion, or by ending a quote. */
	private static final List<String> INJECTIONS = List.of("x;touch CANARY", "$(touch CANARY)",
			"$(shell touch CANARY)", "`touch CANARY`", "x' ; touch CANARY ; echo '", "x || touch CANARY",
			"$$(touch CANARY)", "x\ntouch CANARY");

	@BeforeAll
	static void requireMake() {
		Command.require("make", "the Makefile tests run make");
	}

	@ParameterizedTest(name = "make {0} {1}=...")
	@CsvSource(delimiter = '|', textBlock = """
			run                         | USER_PORT
			run                         | AUTH_PORT
			run                         | HELLO_PORT
			run                         | READY_TIMEOUT
			run                         | JAVA_OPTS
			run                         | AOT
			run                         | AUTH_DEMO_TOKEN
			run                         | RUN_DIR
			run                         | SERVICES_VERSION
			run                         | CURL
			run                         | JAVA
			build                       | TEMURIN_HOME
			build                       | JAVA_HOME
			build                       | MVNW
			aot-cache                   | SERVICE
			stop                        | RUN_DIR
			screenshot                  | BOARD_URL
			screenshot                  | SCREENSHOT
			screenshot                  | SCREENSHOT_WIDTH
			screenshot                  | SCREENSHOT_ROUNDS
			screenshot                  | SCREENSHOT_STOP
			screenshot                  | BOARD_CLASSPATH
			screenshot                  | MAKE
			board-test                  | CHROMIUM
			board-test                  | CHROMEDRIVER
			cluster                     | KIND_CLUSTER
			cluster                     | CNI
			cluster                     | KIND
			cluster                     | CALICO_VERSION
			cluster                     | CALICO_MANIFEST
			images                      | IMAGE_PREFIX
			images                      | IMAGE_TAG
			images                      | DOCKER
			deploy                      | NAMESPACE
			deploy                      | IMAGE_TAG
			deploy                      | ROLLOUT_TIMEOUT
			manifests                   | KUBECTL
			apply-user-default-deny     | NAMESPACE
			apply-user-default-deny     | LAB
			apply-user-default-deny     | REQUEST_TIMEOUT
			test-user-to-all-services   | NAMESPACE
			test-dns                    | DNS_TEST_IMAGE
			test-dns                    | DNS_TEST_NAME
			port-forward                | LOCAL_PORT
			logs                        | LOG_LINES
			explain                     | POLICY
			explain                     | VERBOSE
			explain                     | NETPOL_NAMESPACE
			explain                     | NETPOL_FROM
			explain                     | NETPOL_MANIFESTS
			explain                     | NETPOL
			netpol-lint                 | POLICY
			netpol-reachability         | NETPOL_PORT
			netpol-reachability         | NETPOL_PROTOCOL
			netpol-reachability         | NETPOL_OUTPUT
			bench-netpol                | BENCH_PODS
			bench-netpol                | BENCH_POLICIES
			bench-netpol                | BENCH_ROUNDS
			lab-up                      | LAB_PREFIX
			lab-up                      | LAB_STATE_DIR
			lab-up                      | LAB_BIN
			lab-apply                   | POLICY
			lab-add                     | POLICY
			lab-add                     | REPLACES
			lab-check                   | CHECK
			lab-check                   | FORMAT
			""")
	void refusesAValueThatTriesToRunACommand(String target, String variable, @TempDir Path directory) {
		assertEveryInjectionIsRefused(target, variable, directory.resolve("canary"), variable + " must be ");
	}

	@ParameterizedTest(name = "make {0} {1}=...")
	@CsvSource(delimiter = '|', textBlock = """
			help                        | FOO
			deploy                      | K8S_OVERLAY
			explain                     | NETPOL_INPUTS
			lab-check                   | LAB_ENV
			apply-user-default-deny     | K8S_CLUSTER_GUARD
			run                         | LOCAL_SERVICES
			stop                        | SHELL
			""")
	void refusesAVariableThatIsNotASetting(String target, String variable, @TempDir Path directory) {
		// make exports every command-line variable, expanded, to the commands it runs; and a command-line value
		// replaces the Makefile's own variables. Only the checked settings may be given.
		assertEveryInjectionIsRefused(target, variable, directory.resolve("canary"),
				variable + " must be a value without '$'",
				variable + " is not a setting of this Makefile, so it cannot be given on the command line");
	}

	@ParameterizedTest(name = "{0}=... in the environment")
	@CsvSource(delimiter = '|', textBlock = """
			lab-check    | CHECK
			lab-apply    | POLICY
			deploy       | NAMESPACE
			run          | USER_PORT
			""")
	void refusesSuchAValueFromTheEnvironmentToo(String target, String variable, @TempDir Path directory) {
		Path canary = directory.resolve("canary");
		Command run = Make.run(Map.of(variable, "$(shell touch " + canary + ")"), target);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains(variable + " must be ").contains("(from the environment)");
		assertThat(canary).doesNotExist();
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			NAMESPACE    | Demo
			NAMESPACE    | demo_ns
			NAMESPACE    | -demo
			NAMESPACE    | demo-
			NAMESPACE    | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
			NAMESPACE    | demo.ns
			KIND_CLUSTER | My-Cluster
			CHECK        | Peers
			CHECK        | kube dns
			""")
	void namesAKubernetesNameThatIsNotOne(String variable, String value) {
		Command run = Make.run("help", variable + "=" + value);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains(variable + " must be a Kubernetes name (a DNS-1123 label: at most 63 "
				+ "lowercase letters, digits and '-', starting and ending with a letter or digit), not '" + value + "'");
	}

	@Test
	void namesTheChoicesOfAClosedSet() {
		assertThat(Make.run("help", "FORMAT=yaml").output()).contains("FORMAT must be text or json, not 'yaml'");
		assertThat(Make.run("help", "NETPOL_PROTOCOL=tcp").output())
			.contains("NETPOL_PROTOCOL must be TCP, UDP or SCTP, not 'tcp'");
		assertThat(Make.run("help", "USER_PORT=65536").output())
			.contains("USER_PORT must be a port number from 1 to 65535, not '65536'");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			NAMESPACE        | demo
			NAMESPACE        | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
			CHECK            | cross-namespace
			KIND_CLUSTER     | netpol-demo-2
			POLICY           | k8s/policies/user-default-deny.yaml k8s/policies/user-allow-dns.yaml
			REPLACES         | k8s/policies/user-default-deny.yaml
			NETPOL_MANIFESTS | /tmp/a.yaml k8s/auth-service.yaml
			USER_PORT        | 21080
			LOCAL_PORT       | 65535
			IMAGE_PREFIX     | registry.test:5000/np
			IMAGE_TAG        | v1.2_rc-3
			JAVA_OPTS        | -XX:+UseSerialGC -Xmx64m -Djavax.net.ssl.trustStore=/tmp/lab.p12
			MVNW             | ./mvnw -B -ntp -q
			AUTH_DEMO_TOKEN  | demo-token_1.x~y+z/w==
			BOARD_URL        | http://127.0.0.1:21080/
			DNS_TEST_NAME    | auth-app-service.netpol-demo.svc.cluster.local
			DNS_TEST_IMAGE   | curlimages/curl:8.10.1
			REQUEST_TIMEOUT  | 1m30s
			NETPOL_FROM      | netpol-demo/app=user-app-pod
			NETPOL_PORT      | http
			LAB_PREFIX       | ha1-
			LAB              | 1
			VERBOSE          | 1
			FORMAT           | json
			SERVICE          | user-service
			""")
	void acceptsOrdinaryValues(String variable, String value) {
		Command help = Make.run("help", variable + "=" + value);
		assertThat(help.exitCode()).as(help.output()).isZero();
	}

	@Test
	void refusesAnEnvironmentValueThatWouldEndTheRecipeLine(@TempDir Path directory) {
		// A newline in a list of paths would end the command in the recipe's shell; a plain space is fine.
		Path canary = directory.resolve("canary");
		Command run = Make.run(Map.of("POLICY", "k8s/policies/user-default-deny.yaml\ntouch " + canary), "lab-apply");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains("POLICY must be a path");
		assertThat(Files.exists(canary)).isFalse();
	}

	/** Runs {@code make target variable=...} with each injection: exit 2, one of {@code messages}, no canary. */
	private static void assertEveryInjectionIsRefused(String target, String variable, Path canary, String... messages) {
		SoftAssertions softly = new SoftAssertions();
		for (String injection : INJECTIONS) {
			String value = injection.replace("CANARY", canary.toString());
			Command run = Make.run(target, variable + "=" + value);
			softly.assertThat(run.exitCode()).as("make %s %s=%s: %s", target, variable, value, run.output()).isEqualTo(2);
			softly.assertThat(run.output()).as("make %s %s=%s", target, variable, value).containsAnyOf(messages);
			softly.assertThat(canary).as("make %s %s=%s ran the injected command", target, variable, value)
				.doesNotExist();
		}
		softly.assertAll();
	}

}
