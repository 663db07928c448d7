package io.netpoldemo.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs make in the repository's root, with none of the caller's settings of the Makefile's variables. */
final class Make {

	/** What the caller's environment or an outer make could set and the tests must not inherit. */
	static final List<String> UNSET = List.of("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE",
			"TEMURIN_HOME", "JAVA", "MVNW", "LAB", "NAMESPACE", "KIND_CLUSTER", "KUBECTL", "KIND", "DOCKER",
			"IMAGE_PREFIX", "IMAGE_TAG", "CNI", "CALICO_VERSION", "CALICO_MANIFEST", "LOCAL_PORT", "LOG_LINES",
			"DNS_TEST_IMAGE", "DNS_TEST_NAME", "REQUEST_TIMEOUT", "ROLLOUT_TIMEOUT", "POLICY", "REPLACES", "CHECK",
			"FORMAT", "LAB_BIN", "LAB_PREFIX", "LAB_STATE_DIR", "NETPOL", "NETPOL_MANIFESTS", "NETPOL_NAMESPACE",
			"NETPOL_FROM", "VERBOSE", "NETPOL_PORT", "NETPOL_PROTOCOL", "NETPOL_OUTPUT", "BENCH_PODS",
			"BENCH_POLICIES", "BENCH_ROUNDS", "RUN_DIR", "SERVICES_VERSION", "USER_PORT", "AUTH_PORT", "HELLO_PORT",
			"READY_TIMEOUT", "JAVA_OPTS", "AOT", "AUTH_DEMO_TOKEN", "CURL", "SERVICE", "BOARD_URL", "SCREENSHOT",
			"SCREENSHOT_WIDTH", "SCREENSHOT_ROUNDS", "SCREENSHOT_STOP", "CHROMIUM", "CHROMEDRIVER", "BOARD_CLASSPATH");

	private Make() {
	}

	static Command run(String... arguments) {
		return run(Map.of(), arguments);
	}

	/** Runs make with {@code environment} added to the (cleaned) environment. */
	static Command run(Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>(List.of("make", "--no-print-directory"));
		command.addAll(List.of(arguments));
		return Command.run(Manifests.ROOT, command, UNSET, environment);
	}

}
