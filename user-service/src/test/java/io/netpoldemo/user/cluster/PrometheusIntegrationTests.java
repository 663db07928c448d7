package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.user.check.ClosedPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The metrics as a real Prometheus reads them: Debian's {@code prometheus} on its own loopback port and temporary
 * directory scrapes the user service every second, and its HTTP API answers per-target results and agreement; then
 * {@code promtool} validates k8s/monitoring's rules and runs their unit tests. Without Prometheus installed the test
 * says so and skips, except under {@code CI=true}, where it must run.
 */
class PrometheusIntegrationTests extends ManifestUserService {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Path MONITORING = ROOT.resolve("k8s/monitoring");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path run;

	private static Process prometheus;

	private static int prometheusPort;

	@BeforeAll
	static void requirePrometheus() {
		for (String tool : List.of("prometheus", "promtool")) {
			if (!onPath(tool)) {
				String message = tool + " is not installed (Debian: apt-get install prometheus)";
				if ("true".equals(System.getenv("CI"))) {
					fail(message + ": under CI=true this test must run");
				}
				Assumptions.abort(message + ": skipping the Prometheus integration test");
			}
		}
	}

	@AfterAll
	static void stopPrometheus() throws InterruptedException {
		if (prometheus != null) {
			prometheus.destroy();
			if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
				prometheus.destroyForcibly();
			}
		}
	}

	@Test
	void prometheusScrapesPerTargetResultsAndAgreement() throws Exception {
		inForce("user-default-deny");
		startPrometheus();
		// Denied, yet reached: agreement 0, labelled with what was expected and what was seen.
		JsonNode denied = awaitSeries("checks_agreement{target=\"auth\",expected=\"DENIED\"}");
		assertThat(denied.path("metric").path("observed").asString()).isEqualTo("OK");
		assertThat(denied.path("metric").path("group").asString()).isEqualTo("peers");
		assertThat(denied.path("value").get(1).asString()).isEqualTo("0");
		JsonNode results = awaitSeries("checks_results_total{target=\"auth\",outcome=\"OK\"}");
		assertThat(Double.parseDouble(results.path("value").get(1).asString())).isPositive();
		assertThat(query("count(checks_agreement == 0)").path("data").path("result").get(0).path("value").get(1)
			.asString()).isEqualTo(Integer.toString(TARGETS.size()));

		inForce("user-internet-access");
		// Allowed and reached: the same gauge moves to 1 under its new labels, and the DENIED series is gone.
		JsonNode allowed = awaitSeries("checks_agreement{target=\"auth\",expected=\"ALLOWED\"}");
		assertThat(allowed.path("value").get(1).asString()).isEqualTo("1");
		String scrape = get(url() + "/actuator/prometheus");
		assertThat(scrape).contains("checks_agreement{expected=\"ALLOWED\",group=\"peers\",observed=\"OK\",target=\"auth\"} 1.0")
			.doesNotContain("checks_agreement{expected=\"DENIED\",group=\"peers\",observed=\"OK\",target=\"auth\"}");
	}

	@Test
	void promtoolValidatesTheRuleAndProvesWhenTheAlertFires() throws Exception {
		Map<String, Object> rule = new Yaml().load(Files.readString(MONITORING.resolve("prometheusrule.yaml")));
		assertThat(rule).containsEntry("kind", "PrometheusRule");
		Path rules = run.resolve("rules.yaml");
		Files.writeString(rules, new Yaml().dump(rule.get("spec")));
		Files.copy(MONITORING.resolve("tests/not-enforced.test.yaml"), run.resolve("not-enforced.test.yaml"));
		Result check = exec(List.of("promtool", "check", "rules", rules.toString()));
		assertThat(check.status()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 1 rules found");
		Result test = exec(List.of("promtool", "test", "rules", run.resolve("not-enforced.test.yaml").toString()));
		assertThat(test.status()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	private void startPrometheus() throws IOException {
		prometheusPort = ClosedPort.next();
		Path config = run.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: user-service
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(port()));
		prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
				"--storage.tsdb.path=" + run.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(run.resolve("prometheus.log").toFile())
			.start();
	}

	/** Runs rounds (as the board would) until Prometheus has scraped a series that matches. */
	private JsonNode awaitSeries(String selector) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			get(url() + "/check/all");
			try {
				JsonNode result = query(selector).path("data").path("result");
				if (result.size() == 1) {
					return result.get(0);
				}
			}
			catch (IOException ex) {
				// Prometheus is still starting.
			}
			Thread.sleep(500);
		}
		String log = Files.exists(run.resolve("prometheus.log")) ? Files.readString(run.resolve("prometheus.log")) : "";
		return fail("Prometheus has no series " + selector + " after " + WAIT + "; its log:\n" + log);
	}

	private static JsonNode query(String promql) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
					+ URLEncoder.encode(promql, StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			// 503 "Service Unavailable" while Prometheus replays its (empty) write-ahead log.
			throw new IOException("Prometheus answered HTTP " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private static boolean onPath(String tool) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(directory, tool))) {
				return true;
			}
		}
		return false;
	}

	private static Result exec(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return fail(command + " did not finish");
		}
		return new Result(process.exitValue(), output);
	}

	private record Result(int status, String output) {
	}

}
