package io.netpoldemo.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.lab.host.LabRuntime;
import io.netpoldemo.lab.host.LabSettings;
import io.netpoldemo.lab.topology.ManifestSet;
import io.netpoldemo.netpol.Evaluation;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Stage;
import io.netpoldemo.netpol.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The lab end to end: {@code lab/bin/lab} builds the lab from the demo's manifests, puts each scenario of
 * {@code k8s/policies/} in force, and the user service's {@code /check/all}, fetched from inside its pod, must show
 * target by target what the hand-written table says and what the netpol evaluator expects; the service itself, reading
 * the manifests the lab writes, must expect the same and say {@code MATCH}.
 *
 * <p>
 * Needs Linux, root, ip, nft, dnsmasq and curl, and the service jars ({@code ./mvnw verify} builds them first). Skips
 * with a message where any is missing, except under {@code CI=true}, where it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIntegrationTests {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	/**
	 * A prefix and state of its own, so a lab someone runs by hand on the same machine is left alone. Two test runs
	 * on one machine (two checkouts) each set {@code LAB_IT_PREFIX} to a prefix of their own.
	 */
	private static final String PREFIX = System.getenv().getOrDefault("LAB_IT_PREFIX", "npt-");

	/**
	 * The lab's state under /tmp, whatever the checkout's place: each pod's private /tmp then covers the folder the
	 * pod must not see, as it does for a lab run from a checkout under /tmp.
	 */
	private static final Path STATE = Path.of(System.getProperty("java.io.tmpdir"), PREFIX + "lab-it-state");

	private static final String USER_POD = "netpol-demo/user-app-0";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<String> TARGETS = List.of("auth", "hello", "github", "httpbin", "kube-dns", "argocd");

	private static boolean up;

	/**
	 * A folder only root can enter (0700), under /tmp (which each pod has a private one of), holding a copy of what
	 * the lab runs: the lab is started from there, as from a checkout in a private home directory.
	 */
	private static Path closedFolder;

	@BeforeAll
	static void labUp() throws IOException {
		requireHost();
		run(Duration.ofSeconds(60), "down");
		closedFolder = Files.createTempDirectory(PREFIX + "closed-");
		Files.setPosixFilePermissions(closedFolder, PosixFilePermissions.fromString("rwx------"));
		Path checkout = closedFolder.resolve("checkout");
		for (String part : List.of("lab/bin", "bin/aot-cache", "lab/target/lab-0.1.0-SNAPSHOT.jar", "lab/target/lib", "k8s",
				"user-service/target/user-service-0.1.0-SNAPSHOT.jar",
				"auth-service/target/auth-service-0.1.0-SNAPSHOT.jar",
				"helloworld-service/target/helloworld-service-0.1.0-SNAPSHOT.jar")) {
			Files.createDirectories(checkout.resolve(part).getParent());
			Result copied = command(Duration.ofSeconds(60), "cp", "-a", REPOSITORY.resolve(part).toString(),
					checkout.resolve(part).toString());
			assertThat(copied.exitCode()).as(copied.output()).isZero();
		}
		// A first up after a build also trains the services' AOT caches.
		Result result = command(Duration.ofSeconds(600), checkout.resolve("lab/bin/lab").toString(), "up");
		assertThat(result.exitCode()).as("lab up from %s:\n%s", checkout, result.output()).isZero();
		up = true;
	}

	@AfterAll
	static void labDown() {
		if (up) {
			Result result = run(Duration.ofSeconds(60), "down");
			assertThat(result.exitCode()).as("lab down:\n%s", result.output()).isZero();
		}
		if (closedFolder != null) {
			command(Duration.ofSeconds(60), "rm", "-rf", "--one-file-system", closedFolder.toString());
		}
		command(Duration.ofSeconds(60), "rm", "-rf", "--one-file-system", STATE.toString());
	}

	/**
	 * One row per scenario: the policy files in force and the outcome of each target, in {@link #TARGETS} order.
	 */
	static Stream<Arguments> scenarios() {
		return Stream.of(
				row("no policy: everything answers", List.of(), "OK OK OK OK OK OK"),
				row("default deny: egress isolated, DNS too", List.of("user-default-deny"),
						"DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE"),
				row("internet access: to: [] allows all", List.of("user-internet-access"), "OK OK OK OK OK OK"),
				row("specific rules without DNS: every name fails to resolve", List.of("user-specific-rules"),
						"DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE DNS_FAILURE"),
				row("specific rules with DNS: 443, auth and DNS only", List.of("user-specific-rules-with-dns"),
						"OK TIMEOUT OK OK OK TIMEOUT"),
				row("allow DNS alone isolates egress to DNS", List.of("user-allow-dns"),
						"TIMEOUT TIMEOUT TIMEOUT TIMEOUT OK TIMEOUT"),
				row("hello denies ingress: only hello times out", List.of("hello-deny-ingress"),
						"OK TIMEOUT OK OK OK OK"),
				row("default deny plus DNS: names resolve, connections time out",
						List.of("user-default-deny", "user-allow-dns"), "TIMEOUT TIMEOUT TIMEOUT TIMEOUT OK TIMEOUT"),
				row("internet access plus hello ingress deny: both ends must allow",
						List.of("user-internet-access", "hello-deny-ingress"), "OK TIMEOUT OK OK OK OK"));
	}

	@Order(0)
	@Test
	void coversEveryScenarioOfTheRepository() throws IOException {
		List<Path> alone = scenarios().map((row) -> (List<?>) row.get()[1])
			.filter((policies) -> policies.size() == 1)
			.map((policies) -> (Path) policies.get(0))
			.toList();
		try (Stream<Path> files = Files.list(REPOSITORY.resolve("k8s/policies"))) {
			assertThat(alone).as("a row for each file of k8s/policies on its own")
				.containsExactlyInAnyOrderElementsOf(files.filter((file) -> file.toString().endsWith(".yaml")).toList());
		}
	}

	@Order(1)
	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void showsWhatThePoliciesAllow(String scenario, List<Path> policies, Map<String, String> table) throws IOException {
		List<String> args = new ArrayList<>(List.of("apply"));
		policies.forEach((policy) -> args.add(policy.toString()));
		Result applied = run(Duration.ofSeconds(60), args.toArray(String[]::new));
		assertThat(applied.exitCode()).as("lab apply:\n%s", applied.output()).isZero();

		JsonNode report = checkAll();
		Map<String, String> observed = new LinkedHashMap<>();
		Map<String, String> expected = new LinkedHashMap<>();
		PolicyEvaluator evaluator = new PolicyEvaluator(runtime().cluster(policies));
		for (JsonNode result : report.path("results")) {
			String target = result.path("target").asText();
			observed.put(target, result.path("outcome").asText());
			if (result.path("outcome").asText().equals("DNS_FAILURE")) {
				// The lab filters on its node, outside the pod, as a network plugin does: the query is dropped
				// silently and the resolver waits for its own timeout, as on a cluster, and says so.
				assertThat(result.path("detail").asText()).as("%s", result).contains("did not answer within");
			}
			// Every target is TCP: HTTP(S), or a plain connect for kube-dns.
			Evaluation evaluation = evaluator.call(USER_POD, result.path("url").asText());
			expected.put(target, outcome(evaluation));
			// The user service reads the lab's cluster from the file the lab rewrites on every switch: what it
			// expects is what the lab enforces, with netpol's reason.
			assertThat(result.path("expected").asText()).as("expected of %s", result).isNotEqualTo("UNKNOWN");
			assertThat(result.path("agreement").asText()).as("agreement of %s", result).isEqualTo("MATCH");
			assertThat(result.path("policy").asText()).as("policy reason of %s", result)
				.isEqualTo(evaluation.reason());
		}
		assertThat(observed).as("observed in the lab versus the table (%s)", report).containsAllEntriesOf(table);
		assertThat(observed).as("observed in the lab versus the netpol evaluator (%s)", report)
			.containsAllEntriesOf(expected);
		assertThat(observed.keySet()).containsAll(TARGETS);
	}

	@Order(2)
	@Test
	void filtersOnTheNodeNeverInsideAPod() {
		assertThat(run(Duration.ofSeconds(60), "apply", policy("user-default-deny").toString(),
				policy("hello-deny-ingress").toString()).exitCode()).isZero();
		assertThat(userRules()).contains("chain egress_").contains("chain ingress_");
		for (String pod : List.of("user-app", "helloworld-app", "auth-app", "coredns")) {
			Result ruleset = command(Duration.ofSeconds(10), "ip", "netns", "exec", PREFIX + pod, "nft", "list",
					"ruleset");
			assertThat(ruleset.output()).as("rules inside the %s pod", pod).isBlank();
		}
	}

	@Order(2)
	@Test
	void rejectsAnInvalidPolicyAndKeepsTheRulesInForce() throws IOException {
		Path defaultDeny = policy("user-default-deny");
		assertThat(run(Duration.ofSeconds(60), "apply", defaultDeny.toString()).exitCode()).isZero();
		String before = userRules();
		Path invalid = Files.createTempFile(STATE, "invalid-", ".yaml");
		Files.writeString(invalid, """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata:
				  name: broken
				spec:
				  podSelector: "app=user-app-pod"
				""");
		Result rejected = run(Duration.ofSeconds(60), "apply", invalid.toString());
		assertThat(rejected.exitCode()).as(rejected.output()).isEqualTo(2);
		assertThat(rejected.output()).contains(invalid.toString()).contains("previous policies stay in force");
		assertThat(userRules()).isEqualTo(before);
		assertThat(run(Duration.ofSeconds(60), "status").output()).contains("user-default-deny.yaml");
		Files.delete(invalid);
	}

	@Order(3)
	@Test
	void addsAndReplacesPoliciesAsTheScenarioTargetsDo() {
		assertThat(run(Duration.ofSeconds(60), "apply", policy("user-default-deny").toString()).exitCode()).isZero();
		Result added = run(Duration.ofSeconds(60), "add", policy("user-internet-access").toString(), "--replaces",
				policy("user-default-deny") + " " + policy("user-specific-rules"));
		assertThat(added.exitCode()).as(added.output()).isZero();
		assertThat(run(Duration.ofSeconds(60), "add", policy("hello-deny-ingress").toString()).exitCode()).isZero();
		assertThat(run(Duration.ofSeconds(60), "status").output()).containsPattern("Policies in force: \\S*"
				+ relative("user-internet-access") + " \\S*" + relative("hello-deny-ingress"));
	}

	@Order(3)
	@Test
	void recordsPoliciesWithoutEnforcingThemWhenTheCniIsNone() throws IOException {
		assertThat(run(Duration.ofSeconds(60), "apply", policy("user-default-deny").toString(),
				policy("user-allow-dns").toString()).exitCode()).isZero();
		Result none = run(Duration.ofSeconds(60), "cni", "none");
		assertThat(none.exitCode()).as(none.output()).isZero();
		assertThat(run(Duration.ofSeconds(60), "status").output()).contains("NetworkPolicy enforcement: none");
		JsonNode auth = target(checkAll(), "auth");
		// Traffic passes, and the user service still expects what the policies say: that disagreement is the point.
		assertThat(auth.path("outcome").asText()).as("%s", auth).isEqualTo("OK");
		assertThat(auth.path("expected").asText()).as("%s", auth).isEqualTo("DENIED");
		assertThat(auth.path("agreement").asText()).as("%s", auth).isEqualTo("MISMATCH");

		Result enforcing = run(Duration.ofSeconds(60), "cni", "enforcing");
		assertThat(enforcing.exitCode()).as(enforcing.output()).isZero();
		assertThat(run(Duration.ofSeconds(60), "status").output()).contains("NetworkPolicy enforcement: enforcing");
		auth = target(checkAll(), "auth");
		assertThat(auth.path("outcome").asText()).as("%s", auth).isEqualTo("TIMEOUT");
		assertThat(auth.path("agreement").asText()).as("%s", auth).isEqualTo("MATCH");
		assertThat(run(Duration.ofSeconds(60), "cni", "off").exitCode()).isEqualTo(2);
	}

	@Order(3)
	@Test
	void warnsAboutFilesThatPutNoPolicyInForce() throws IOException {
		Path elsewhere = Files.createTempFile(STATE, "elsewhere-", ".yaml");
		Files.writeString(elsewhere, """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata:
				  name: deny-all
				  namespace: payments
				spec:
				  podSelector: {}
				""");
		Result applied = run(Duration.ofSeconds(60), "apply", REPOSITORY.resolve("k8s/namespace.yaml").toString(),
				elsewhere.toString());
		assertThat(applied.exitCode()).as(applied.output()).isZero();
		// Paths are shown relative to where the lab was started (here the closed folder), absolute elsewhere.
		assertThat(applied.output()).containsPattern("warning: \\S*k8s/namespace.yaml holds no NetworkPolicy")
			.contains("warning: NetworkPolicy payments/deny-all is in namespace payments, which the lab does not have")
			.containsPattern("netpol-demo/user-app-0 +egress open +ingress open");
		Files.delete(elsewhere);
	}

	@Order(3)
	@Test
	void isolatesEachPodsProcessesTmpAndTheLabsFiles() throws IOException {
		String hello = podProcess("helloworld-app");
		Path marker = Files.createTempFile(PREFIX + "host-tmp-", ".marker");
		try {
			// Inside the hello pod, as its user: its own processes only, so no other pod's environment (the auth
			// token is in auth's and user's); a /tmp of its own; the lab's state directory empty.
			Result inside = command(Duration.ofSeconds(10), "nsenter", "--target", hello, "--pid", "--mount", "--net",
					"setpriv", "--reuid=65532", "--regid=65532", "--clear-groups", "sh", "-c",
					"cat /proc/[0-9]*/cmdline | tr '\\0' ' '; echo; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'"
							+ " | grep -c AUTH_DEMO_TOKEN; ls -A /tmp");
			assertThat(inside.output()).contains("helloworld-service")
				.doesNotContain("user-service")
				.doesNotContain("auth-service")
				.doesNotContain(marker.getFileName().toString())
				.contains("\n0\n");
			// Even root in the pod (dnsmasq starts as root) finds nothing of the lab's state directory: an empty
			// read-only mount covers it first, then the pod's private /tmp, since here (as for a checkout under /tmp)
			// it is under /tmp.
			Result state = command(Duration.ofSeconds(10), "nsenter", "--target", hello, "--mount", "sh", "-c",
					"[ ! -e \"$1\" ] || ls -A \"$1\"", "state", STATE.toString());
			assertThat(state.exitCode()).as(state.output()).isZero();
			assertThat(state.output()).isBlank();

		}
		finally {
			Files.delete(marker);
		}
		assertThat(Files.getPosixFilePermissions(STATE))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	@Order(3)
	@Test
	void servicePodsLeaveOutTheMetersNothingInTheLabReads() {
		// After the scenarios' rounds: the checks' own meters are there, the JVM's, Tomcat's and the system's are not.
		Result metrics = command(Duration.ofSeconds(10), "ip", "netns", "exec", PREFIX + "user-app", "curl", "-sS",
				"-m", "5", "http://127.0.0.1:8080/actuator/prometheus");
		assertThat(metrics.exitCode()).as(metrics.output()).isZero();
		assertThat(metrics.output()).contains("checks_")
			.doesNotContain("jvm_memory_used_bytes")
			.doesNotContain("tomcat_sessions")
			.doesNotContain("process_cpu_usage")
			.doesNotContain("logback_events");
	}

	@Order(3)
	@Test
	void servicePodsStartWithTheirBeansProcessedAheadOfTime() throws IOException {
		// Spring's AOT processing ran in each pod's environment when its cache was made (bin/aot-cache).
		for (String pod : List.of("user-app-0", "auth-app-0", "helloworld-app-0")) {
			assertThat(Files.readString(STATE.resolve("logs").resolve(pod + ".log"))).as(pod)
				.containsPattern("Starting AOT-processed \\w+Application");
		}
	}

	@Order(4)
	@Test
	void seesADeadPodAndRestartsIt() throws IOException {
		assertThat(run(Duration.ofSeconds(60), "apply").exitCode()).isZero();
		// The cluster DNS down: its address answers with ICMP port unreachable at once, and the detail says so.
		assertThat(command(Duration.ofSeconds(10), "kill", "-KILL", podProcess("coredns")).exitCode()).isZero();
		assertThat(awaitStatus("kube-system/coredns-0 EXITED").exitCode()).isZero();
		JsonNode auth = target(checkAll(), "auth");
		assertThat(auth.path("outcome").asText()).as("%s", auth).isEqualTo("DNS_FAILURE");
		assertThat(auth.path("detail").asText()).as("%s", auth).contains("refused the query")
			.doesNotContain("did not answer");

		Result killed = command(Duration.ofSeconds(10), "kill", "-KILL", podProcess("user-app"));
		assertThat(killed.exitCode()).as(killed.output()).isZero();
		Result status = awaitStatus("netpol-demo/user-app-0 EXITED");
		assertThat(status.output()).contains("netpol-demo/user-app-0 EXITED: its log is " + STATE.resolve("logs"));
		Result check = run(Duration.ofSeconds(60), "check", "all", "json");
		assertThat(check.exitCode()).as(check.output()).isEqualTo(3);
		assertThat(check.output()).contains("pod netpol-demo/user-app-0 is not running").contains("make lab-up");
		Result again = run(Duration.ofSeconds(300), "up");
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.output()).contains("restarted").contains("netpol-demo/user-app-0")
			.contains("kube-system/coredns-0");
		assertThat(run(Duration.ofSeconds(60), "status").output()).doesNotContain("EXITED");
		assertThat(target(checkAll(), "auth").path("outcome").asText()).isEqualTo("OK");
	}

	@Order(5)
	@Test
	void downLeavesNoNamespaceProcessOrFileBehind() throws IOException {
		List<String> pids = new ArrayList<>();
		try (Stream<Path> files = Files.list(STATE.resolve("pids"))) {
			for (Path file : files.toList()) {
				pids.add(Files.readString(file).strip());
			}
		}
		assertThat(pids).isNotEmpty();
		Result down = run(Duration.ofSeconds(60), "down");
		assertThat(down.exitCode()).as(down.output()).isZero();
		up = false;
		assertThat(command(Duration.ofSeconds(10), "ip", "netns", "list").output()).doesNotContain(PREFIX);
		assertThat(pids).allSatisfy((pid) -> assertThat(Path.of("/proc", pid)).doesNotExist());
		try (Stream<Path> etc = Files.list(Path.of("/etc/netns")).filter((dir) -> dir.getFileName().toString()
			.startsWith(PREFIX))) {
			assertThat(etc).isEmpty();
		}
		catch (java.nio.file.NoSuchFileException ex) {
			// No /etc/netns at all: nothing left there either.
		}
		assertThat(STATE.resolve("pids")).doesNotExist();
		assertThat(run(Duration.ofSeconds(60), "down").exitCode()).as("down twice").isZero();
	}

	/** The pod's own process (the child of the recorded unshare, PID 1 of the pod's PID namespace). */
	private static String podProcess(String deployment) throws IOException {
		String unshare = Files.readString(STATE.resolve("pids").resolve(PREFIX + deployment + ".pid")).strip();
		return Files.readString(Path.of("/proc", unshare, "task", unshare, "children")).strip().split(" ")[0];
	}

	/** Status once it shows a text: a killed process takes a moment to be reaped. */
	private static Result awaitStatus(String text) {
		Result status = run(Duration.ofSeconds(60), "status");
		for (int i = 0; i < 20 && !status.output().contains(text); i++) {
			status = run(Duration.ofSeconds(60), "status");
		}
		return status;
	}

	/** What the user service should observe when the evaluator's verdict holds. */
	private static String outcome(Evaluation evaluation) {
		if (evaluation.verdict() == Verdict.ALLOWED) {
			return "OK";
		}
		if (evaluation.verdict() == Verdict.DENIED) {
			return (evaluation.stage() == Stage.DNS) ? "DNS_FAILURE" : "TIMEOUT";
		}
		return "UNKNOWN: " + evaluation.reason();
	}

	private static JsonNode target(JsonNode report, String name) {
		for (JsonNode result : report.path("results")) {
			if (result.path("target").asText().equals(name)) {
				return result;
			}
		}
		throw new AssertionError("no target " + name + " in " + report);
	}

	private static JsonNode checkAll() throws IOException {
		Result check = run(Duration.ofSeconds(60), "check", "all", "json");
		assertThat(check.exitCode()).as("lab check:\n%s", check.output()).isZero();
		return JSON.readTree(check.output());
	}

	/** The lab's rules on its node (the router namespace) without counters, which change with every packet. */
	private static String userRules() {
		return command(Duration.ofSeconds(10), "ip", "netns", "exec", PREFIX + "router", "nft", "-s", "list",
				"table", "inet", "netpol_lab")
			.output();
	}

	private static LabRuntime runtime() {
		LabSettings settings = new LabSettings(PREFIX, STATE, REPOSITORY, REPOSITORY.resolve("k8s"), Path.of("java"),
				"", Duration.ZERO);
		return new LabRuntime(ManifestSet.load(REPOSITORY.resolve("k8s")), settings, System.out);
	}

	private static Arguments row(String scenario, List<String> policies, String outcomes) {
		String[] cells = outcomes.split(" ");
		Map<String, String> table = new LinkedHashMap<>();
		for (int i = 0; i < TARGETS.size(); i++) {
			table.put(TARGETS.get(i), cells[i]);
		}
		return Arguments.of(scenario, policies.stream().map(LabIntegrationTests::policy).toList(), table);
	}

	private static Path policy(String name) {
		return REPOSITORY.resolve("k8s").resolve("policies").resolve(name + ".yaml");
	}

	private static String relative(String name) {
		return "k8s/policies/" + name + ".yaml";
	}

	private static void requireHost() {
		List<String> missing = new ArrayList<>();
		if (!System.getProperty("os.name").equals("Linux")) {
			missing.add("Linux");
		}
		else if (!command(Duration.ofSeconds(5), "id", "-u").output().strip().equals("0")) {
			missing.add("root");
		}
		for (String tool : List.of("ip", "nft", "dnsmasq", "curl", "setpriv")) {
			if (command(Duration.ofSeconds(5), "sh", "-c", "command -v " + tool).exitCode() != 0) {
				missing.add(tool);
			}
		}
		if (missing.isEmpty() && command(Duration.ofSeconds(10), "sh", "-c",
				"ip netns add " + PREFIX + "probe && ip netns del " + PREFIX + "probe")
			.exitCode() != 0) {
			missing.add("the right to create network namespaces (CAP_SYS_ADMIN; a container needs --privileged)");
		}
		for (String module : List.of("user-service", "auth-service", "helloworld-service")) {
			Path jar = REPOSITORY.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
			if (!Files.isReadable(jar)) {
				missing.add(jar + " (./mvnw -B -ntp -pl " + module + " -am -DskipTests package)");
			}
		}
		if (!Files.isDirectory(REPOSITORY.resolve("lab/target/lib"))) {
			missing.add("lab/target/lib (./mvnw -B -ntp -pl lab -am -DskipTests package)");
		}
		if (missing.isEmpty()) {
			return;
		}
		String message = "The lab end-to-end tests need " + String.join(", ", missing);
		if ("true".equals(System.getenv("CI"))) {
			fail(message + "; CI=true, so they must run here");
		}
		// An abort in @BeforeAll shows as zero tests run: say why on the console too.
		System.err.println(LabIntegrationTests.class.getSimpleName() + " skipped. " + message);
		Assumptions.abort(message + ": skipped");
	}

	private static Result run(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("lab/bin/lab").toString()));
		command.addAll(List.of(args));
		return command(timeout, command.toArray(String[]::new));
	}

	private static Result command(Duration timeout, String... args) {
		try {
			Path output = Files.createTempFile("lab-it-", ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(args).directory(REPOSITORY.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile());
				builder.environment().put("LAB_PREFIX", PREFIX);
				builder.environment().put("LAB_STATE_DIR", STATE.toString());
				builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
				Process process = builder.start();
				if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					fail(String.join(" ", args) + " did not finish within " + timeout + ":\n"
							+ Files.readString(output, StandardCharsets.UTF_8));
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String output) {
	}

}
