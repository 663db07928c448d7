package io.netpoldemo.netpol.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static io.netpoldemo.netpol.cli.NetpolCommandTests.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutations of the repository's own manifests and policies ({@code k8s/} and the test fixtures) through lint,
 * reachability and explain, in process: each ends with exit code 0, 1 or 2 and one line per error, never an
 * exception. The seed is printed; {@code -Dnetpol.fuzz.seed=N} replays a run, {@code -Dnetpol.fuzz.inputs=N} makes
 * it longer. The command line's last-resort mapping is left out here ({@link NetpolCommand#commandLine}), so a bug
 * fails the test instead of becoming exit 2.
 */
class ManifestFuzzTests {

	/** Values the API or a careless edit puts where another was: nulls, wrong types, edge numbers, odd spellings. */
	private static final List<String> VALUES = List.of("null", "~", "\"\"", "-1", "0", "1", "65535", "65536",
			"99999999999", "1.5", "true", "x", "[]", "{}", "[null]", "{a: null}", "[{}]", "\"::ffff:10.0.0.0/104\"",
			"10.0.0.0/+8", "10.0.0.0/33", "0.0.0.0/0", "\"::/0\"", "tcp", "SCTP", "-http", "http", "a--b", "\"8080\"",
			"In", "NotIn", "Exists", "Has", "Ingress", "Egress", "kube-system", "&a x", "*a", "!!binary AA==", "'",
			"[1, [2, [3]]]");

	private static final List<String> KEYS = List.of("ports", "port", "endPort", "protocol", "to", "from", "egress",
			"ingress", "podSelector", "namespaceSelector", "matchLabels", "matchExpressions", "ipBlock", "cidr", "except",
			"policyTypes", "kind", "apiVersion", "name", "namespace", "labels", "containers", "containerPort", "selector",
			"targetPort", "items", "key", "operator", "values");

	private static final List<List<String>> COMMANDS = List.of(List.of("lint"),
			List.of("reachability", "--port", "8888"), List.of("reachability", "--port", "http", "--protocol", "TCP"),
			List.of("explain", "--from", "netpol-demo/user-app", "--to", "auth-app-service:8124",
					"hello=http://helloworld-app-service:8889/", "10.0.0.1:80", "kube-dns.kube-system:53"));

	@TempDir
	Path directory;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
	void mutatedManifestsEndWithExitCodeZeroOneOrTwoAndNoException() throws IOException {
		long seed = Long.getLong("netpol.fuzz.seed", System.nanoTime());
		int inputs = Integer.getInteger("netpol.fuzz.inputs", 500);
		System.out.println("ManifestFuzzTests: seed " + seed + ", " + inputs + " inputs (replay with"
				+ " -Dnetpol.fuzz.seed=" + seed + ")");
		Random random = new Random(seed);
		List<String> corpus = corpus();
		Path input = this.directory.resolve("mutated.yaml");
		// One command line for every run: picocli resets the options before each parse, and building one costs more
		// than most evaluations here.
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = NetpolCommand.commandLine(new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
				new PrintWriter(err));
		int[] codes = new int[3];
		for (int i = 0; i < inputs; i++) {
			String text = mutate(corpus.get(random.nextInt(corpus.size())), random);
			Files.writeString(input, text);
			List<String> command = new ArrayList<>(COMMANDS.get(random.nextInt(COMMANDS.size())));
			command.addAll(List.of("-n", "netpol-demo", "-f", resource("demo/services.yaml"), input.toString()));
			out.getBuffer().setLength(0);
			err.getBuffer().setLength(0);
			int code = run(commandLine, command, err, "seed " + seed + ", input " + i + ", " + command + "\ninput:\n" + text);
			codes[code]++;
		}
		System.out.println("ManifestFuzzTests: exit codes 0/1/2: " + Arrays.toString(codes));
		// The mutations leave most inputs valid and refuse many: both paths are exercised.
		assertThat(codes[0] + codes[1]).isPositive();
		assertThat(codes[2]).isPositive();
	}

	private static int run(CommandLine commandLine, List<String> command, StringWriter err, String context) {
		int code;
		try {
			code = commandLine.execute(command.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			StringWriter trace = new StringWriter();
			ex.printStackTrace(new PrintWriter(trace));
			return fail(context + "\n" + trace);
		}
		assertThat(code).as(context + "\nstderr:\n" + err).isBetween(0, 2);
		assertThat(err.toString()).as(context).doesNotContain("\tat ").doesNotContain("Exception");
		return code;
	}

	private static List<String> corpus() throws IOException {
		List<Path> roots = List.of(Path.of("..", "k8s"), Path.of(resource("demo")), Path.of(resource("xyz")));
		List<String> texts = new ArrayList<>();
		for (Path root : roots) {
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
					texts.add(Files.readString(file));
				}
			}
		}
		assertThat(texts).as("manifests to mutate").hasSizeGreaterThan(10);
		return texts;
	}

	/** One or two edits of the kinds people and tools make: values, keys, lines, indentation, truncation. */
	static String mutate(String text, Random random) {
		List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
		int edits = 1 + random.nextInt(2);
		for (int e = 0; e < edits && !lines.isEmpty(); e++) {
			int at = random.nextInt(lines.size());
			String line = lines.get(at);
			switch (random.nextInt(8)) {
				case 0 -> {
					int colon = line.indexOf(": ");
					lines.set(at, (colon >= 0 ? line.substring(0, colon + 2) : line + ": ") + pick(VALUES, random));
				}
				case 1 -> lines.remove(at);
				case 2 -> lines.add(at, line);
				case 3 -> {
					int other = random.nextInt(lines.size());
					lines.set(at, lines.get(other));
					lines.set(other, line);
				}
				case 4 -> lines.set(at, random.nextBoolean() ? "  " + line : line.replaceFirst("^  ", ""));
				case 5 -> lines.add(at + 1, line.replaceAll("\\S.*", "") + pick(List.of("- null", "- {}", "- ~",
						"-", "- []"), random));
				case 6 -> lines.set(at, line.replaceFirst("[A-Za-z]+:", pick(KEYS, random) + ":"));
				default -> {
					int cut = (line.isEmpty()) ? 0 : random.nextInt(line.length());
					lines.set(at, line.substring(0, cut) + pick(List.of("", "\t", "#", "'", "\"", "{", "[", "&", "*",
							"\u0000", "\u00e9"), random));
				}
			}
		}
		return String.join("\n", lines);
	}

	private static String pick(List<String> values, Random random) {
		return values.get(random.nextInt(values.size()));
	}

}
