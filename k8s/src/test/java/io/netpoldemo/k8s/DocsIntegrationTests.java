package io.netpoldemo.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages under docs/ (and the READMEs beside the modules) point at what exists: every relative link
 * at a file, every anchor at a heading (GitHub's slugs), and every {@code make TARGET} in their code at a target the
 * Makefile has, as make itself lists them. Links to http(s) are not fetched.
 */
class DocsIntegrationTests {

	/** A rule in make's database: the target, a colon, and no '=' (that would be a variable). */
	private static final Pattern RULE = Pattern.compile("^([A-Za-z0-9_][^\\s:=#%]*):(?!=)");

	private static Set<String> makefileTargets;

	@BeforeAll
	static void readTheMakefilesTargets() {
		Command.require("make", "the docs test asks make for the Makefile's targets");
		makefileTargets = makefileTargets();
	}

	@Test
	void everyLinkAnchorAndMakeTargetOfTheDocsExists() throws IOException {
		List<Path> pages = pages();
		assertThat(pages).contains(Manifests.ROOT.resolve("README.md"))
			.anyMatch((page) -> page.startsWith(Manifests.ROOT.resolve("docs")));
		List<String> problems = pages.stream()
			.flatMap((page) -> MarkdownReferences.read(page).problems(makefileTargets).stream())
			.toList();
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void findsABrokenLinkAMissingAnchorAndAnUnknownTarget(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("other.md"), """
				# Other page

				## Present heading (`make run`)

				## Present heading (`make run`)
				""");
		Path page = directory.resolve("page.md");
		Files.writeString(page, """
				# Page

				See [the other page](other.md), [a heading](other.md#present-heading-make-run), [its twin](other.md#present-heading-make-run-1)
				and [this page's top](#page). Broken: [a missing page](missing.md), [a missing heading](other.md#absent),
				[a missing anchor here](#nowhere), and [an image](missing.png).
				External links are not fetched: [kind](https://kind.sigs.k8s.io/docs/nowhere).

				`make help` exists, `make no-such-target VAR="a b"` does not.

				```console
				$ make -n lab-check CHECK=hello && make stop
				$ make run another-missing-target
				$ make stop   # a comment: make nothing-here is prose
				what a command prints is not a command: make printed-output
				```

				```bash
				make lab-up missing-in-a-script
				```

				```text
				[not a link](nowhere.md) inside code
				```
				""");
		List<String> problems = MarkdownReferences.read(page).problems(makefileTargets);
		assertThat(problems).hasSize(7)
			.anySatisfy((problem) -> assertThat(problem).startsWith(page + ":4: links to missing.md"))
			.anySatisfy((problem) -> assertThat(problem).contains("links to other.md#absent, but no heading"))
			.anySatisfy((problem) -> assertThat(problem).contains("links to #nowhere, but no heading"))
			.anySatisfy((problem) -> assertThat(problem).contains("links to missing.png"))
			.anySatisfy((problem) -> assertThat(problem).isEqualTo(page + ":8: names make no-such-target, which the Makefile does not have"))
			.anySatisfy((problem) -> assertThat(problem).isEqualTo(page + ":12: names make another-missing-target, which the Makefile does not have"))
			.anySatisfy((problem) -> assertThat(problem).isEqualTo(page + ":18: names make missing-in-a-script, which the Makefile does not have"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Run it on your machine (`make run`)                                  | run-it-on-your-machine-make-run
			Why is it blocked? Ask the evaluator (`make explain`, `bin/netpol`)   | why-is-it-blocked-ask-the-evaluator-make-explain-binnetpol
			Every Service of the namespace: `/check/services`                    | every-service-of-the-namespace-checkservices
			NetworkPolicy evaluator: the full matrix                             | networkpolicy-evaluator-the-full-matrix
			The lab (`make bench-lab`)                                           | the-lab-make-bench-lab
			A [linked](docs/x.md) heading, with_underscore                       | a-linked-heading-with_underscore
			""")
	void anchorsFollowGitHubsSlugRules(String heading, String anchor) {
		assertThat(MarkdownReferences.slug(heading)).isEqualTo(anchor);
	}

	@Test
	void asksMakeForItsTargets() {
		assertThat(makefileTargets).contains("help", "run", "stop", "explain", "lab-check", "apply-user-default-deny")
			.doesNotContain(".PHONY", "Makefile");
	}

	@Test
	void readmeIsAFrontPage() throws IOException {
		// What this is, how to run and test it, one real output, the board, and a paragraph per path: the depth
		// lives in docs/.
		assertThat(Files.readAllLines(Manifests.ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(200);
	}

	/** The pages a reader meets: the front page and the other top-level pages, docs/, and each module's README. */
	private static List<Path> pages() throws IOException {
		try (Stream<Path> top = Files.list(Manifests.ROOT); Stream<Path> docs = Files.walk(Manifests.ROOT.resolve("docs"))) {
			List<Path> directories = directories();
			return Stream.of(top.filter((file) -> file.toString().endsWith(".md")),
					docs.filter((file) -> file.toString().endsWith(".md")),
					directories.stream().map((directory) -> directory.resolve("README.md")).filter(Files::isRegularFile))
				.flatMap((pages) -> pages)
				.sorted()
				.toList();
		}
	}

	private static List<Path> directories() throws IOException {
		try (Stream<Path> top = Files.list(Manifests.ROOT)) {
			return top.filter(Files::isDirectory)
				.filter((directory) -> !directory.getFileName().toString().startsWith("."))
				.toList();
		}
	}

	/** The Makefile's targets from make's own database ({@code make -pRrq}): what make would accept as a goal. */
	private static Set<String> makefileTargets() {
		Command database = Make.run("-pRrq", "help");
		List<String> lines = database.output().lines().toList();
		assertThat(lines).as(database.output()).anyMatch((line) -> line.startsWith("help:"));
		return Stream.iterate(0, (i) -> i < lines.size(), (i) -> i + 1)
			.filter((i) -> i == 0 || !lines.get(i - 1).startsWith("# Not a target"))
			.map((i) -> RULE.matcher(lines.get(i)))
			.filter(Matcher::find)
			.map((rule) -> rule.group(1))
			.collect(Collectors.toUnmodifiableSet());
	}

}
