package io.netpoldemo.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages depend on each other one way: a check reads target, probe, outcome, then asks the expectation
 * side, never the reverse. Read from the sources' imports and fully qualified names, so a new cycle fails the build.
 */
class PackageDependenciesTests {

	private static final String ROOT = "io.netpoldemo.user";

	private static final Path SOURCES = Path.of("src/main/java/io/netpoldemo/user");

	/** A reference to a class of a feature package: {@code io.netpoldemo.user.check.Target}. */
	private static final Pattern REFERENCE = Pattern.compile("\\bio\\.netpoldemo\\.user\\.([a-z]\\w*)\\.[A-Z]");

	@Test
	void featurePackagesFormNoCycle() {
		assertThat(cycles(dependencies(SOURCES))).isEmpty();
	}

	@Test
	void expectationsKnowNothingOfTheChecks() {
		assertThat(dependencies(SOURCES).get("expectation")).doesNotContain("check");
	}

	@Test
	void findsACycleThroughThreePackages() {
		Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d",
				Set.of("a"));
		assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c", "a"));
		assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
	}

	/** Package (relative to {@code io.netpoldemo.user}) to the packages its classes refer to. */
	static Map<String, Set<String>> dependencies(Path sources) {
		Map<String, Set<String>> graph = new TreeMap<>();
		try (Stream<Path> files = Files.walk(sources)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Path relative = sources.relativize(file.getParent());
				String from = relative.toString().isEmpty() ? "" : relative.toString().replace('/', '.');
				Set<String> to = graph.computeIfAbsent(from, (key) -> new TreeSet<>());
				Matcher matcher = REFERENCE.matcher(Files.readString(file));
				while (matcher.find()) {
					if (!matcher.group(1).equals(from)) {
						to.add(matcher.group(1));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the sources of " + ROOT + " under " + sources, ex);
		}
		assertThat(graph).as("packages read from " + sources.toAbsolutePath()).containsKeys("check", "expectation");
		return graph;
	}

	/** Every cycle found by a depth-first walk, each as the path that closes it. */
	static List<List<String>> cycles(Map<String, Set<String>> graph) {
		List<List<String>> cycles = new ArrayList<>();
		Set<String> done = new TreeSet<>();
		for (String start : new TreeSet<>(graph.keySet())) {
			walk(start, graph, new ArrayList<>(), done, cycles);
		}
		return cycles;
	}

	private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
			List<List<String>> cycles) {
		int seen = path.indexOf(node);
		if (seen >= 0) {
			List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
			cycle.add(node);
			cycles.add(cycle);
			return;
		}
		if (done.contains(node)) {
			return;
		}
		path.add(node);
		for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
			walk(next, graph, path, done, cycles);
		}
		path.remove(path.size() - 1);
		done.add(node);
	}

}
