package io.netpoldemo.netpol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netpoldemo.netpol.connections.ListFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code -o dot} graph the tests produce goes through graphviz's {@code dot -Tsvg}: a graph graphviz rejects
 * is a bug. Needs graphviz ({@code apt-get install graphviz}); skipped without it, never under {@code CI=true}.
 */
class GraphvizIntegrationTests {

	@BeforeAll
	static void needsGraphviz() {
		boolean installed = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
			.anyMatch((directory) -> Path.of(directory, "dot").toFile().canExecute());
		if (!installed && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("graphviz's dot is not installed; CI must install graphviz (.ci/run)");
		}
		Assumptions.assumeTrue(installed, "graphviz's dot is not installed (apt-get install graphviz): skipped");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clusters")
	void graphvizRendersTheDotGraph(String name, Cluster cluster) throws Exception {
		StringWriter dot = new StringWriter();
		ListFormat.dot.write(new PolicyEvaluator(cluster).connections(), new PrintWriter(dot));
		Process process = new ProcessBuilder("dot", "-Tsvg").start();
		CompletableFuture<String> out = read(process.getInputStream());
		CompletableFuture<String> err = read(process.getErrorStream());
		try (var stdin = process.getOutputStream()) {
			stdin.write(dot.toString().getBytes(StandardCharsets.UTF_8));
		}
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("dot finishes within 30 s").isTrue();
		assertThat(err.get(5, TimeUnit.SECONDS)).as("graphviz's complaints about\n%s", dot).isEmpty();
		assertThat(process.exitValue()).isZero();
		assertThat(out.get(5, TimeUnit.SECONDS)).contains("<svg").contains("</svg>");
	}

	private static CompletableFuture<String> read(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				stream.transferTo(bytes);
				return bytes.toString(StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	static Stream<Arguments> clusters() {
		List<Arguments> clusters = new ArrayList<>();
		ConnectionsAgreementTests.clusters()
			.forEach((arguments) -> clusters.add(Arguments.of(arguments.get()[0], arguments.get()[1])));
		clusters.add(Arguments.of("xyz with ipBlock ranges",
				ManifestLoader.load(List.of(Demo.resource("xyz/model.yaml"), Demo.resource("connections/a-to-y-cidr.yaml")))));
		return clusters.stream();
	}

}
