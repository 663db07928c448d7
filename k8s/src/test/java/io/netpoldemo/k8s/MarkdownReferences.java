package io.netpoldemo.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Markdown page refers to: its links (to files, to headings) and the {@code make} targets its code names, and
 * the anchors its own headings give, by GitHub's rules. {@link #problems} says which of them do not exist.
 *
 * @param file the page
 * @param links the link targets outside code, each with its line
 * @param makeTargets the targets named as {@code make TARGET} in code blocks and inline code, each with its line
 * @param anchors the anchors of the page's headings
 */
record MarkdownReferences(Path file, List<Reference> links, List<Reference> makeTargets, Set<String> anchors) {

	/** A link target or a make target, and the line it is on. */
	record Reference(String target, int line) {
	}

	private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

	/** A shell comment in a code block: what it says about make is prose, not a command. */
	private static final Pattern SHELL_COMMENT = Pattern.compile("(^|\\s)#.*$");

	private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");

	/** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
	private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	/** {@code [label]: target}, a reference definition. */
	private static final Pattern DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

	private static final Pattern ANCHOR_TAG = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

	/** A {@code make} command: the word make, not part of a path or another word, followed by its arguments. */
	private static final Pattern MAKE = Pattern.compile("(?<![\\w/.$-])make((?:\\s+[^\\s;&|#)`]+)+)");

	/** {@code VAR="a b"} or {@code VAR='a b'}: one argument, whatever its words. */
	private static final Pattern QUOTED_VARIABLE = Pattern.compile("\\S+=(\"[^\"]*\"|'[^']*')");

	private static final Set<String> OPTIONS_WITH_ARGUMENT = Set.of("-C", "-f", "-I", "-o", "-W", "--file",
			"--directory");

	private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

	static MarkdownReferences read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Reference> links = new ArrayList<>();
		List<Reference> makeTargets = new ArrayList<>();
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> slugs = new HashMap<>();
		int fence = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			int number = i + 1;
			if (FENCE.matcher(line).find()) {
				if (fence < 0) {
					fence = i + 1;
				}
				else {
					codeBlock(lines.subList(fence, i), fence + 1, makeTargets);
					fence = -1;
				}
				continue;
			}
			if (fence >= 0) {
				continue;
			}
			Matcher code = INLINE_CODE.matcher(line);
			while (code.find()) {
				makeTargets(code.group(2), number, makeTargets);
			}
			String prose = INLINE_CODE.matcher(line).replaceAll("");
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = slug(heading.group(1));
				int seen = slugs.merge(slug, 1, Integer::sum);
				anchors.add((seen == 1) ? slug : slug + "-" + (seen - 1));
			}
			Matcher tag = ANCHOR_TAG.matcher(line);
			while (tag.find()) {
				anchors.add(tag.group(1));
			}
			Matcher link = LINK.matcher(prose);
			while (link.find()) {
				links.add(new Reference(link.group(1), number));
			}
			Matcher definition = DEFINITION.matcher(prose);
			if (definition.matches()) {
				links.add(new Reference(definition.group(1), number));
			}
		}
		return new MarkdownReferences(file, links, makeTargets, anchors);
	}

	/**
	 * GitHub's anchor for a heading: its text (code spans and link targets dropped, as rendered), lower-cased, every
	 * character that is not a letter, digit, space, '-' or '_' removed, and each space turned into '-'.
	 */
	static String slug(String heading) {
		String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}\\p{Pc} -]", "").replace(' ', '-');
	}

	/**
	 * The make targets of a code block: in a session ({@code $ } before each command), the commands only, since what
	 * they print is not a command; otherwise every line, shell comments left out.
	 */
	private static void codeBlock(List<String> block, int firstLine, List<Reference> into) {
		boolean session = block.stream().anyMatch((line) -> line.startsWith("$ "));
		for (int i = 0; i < block.size(); i++) {
			String line = block.get(i);
			if (!session || line.startsWith("$ ")) {
				makeTargets(SHELL_COMMENT.matcher(line).replaceFirst(""), firstLine + i, into);
			}
		}
	}

	private static void makeTargets(String text, int line, List<Reference> into) {
		Matcher make = MAKE.matcher(text);
		while (make.find()) {
			String arguments = QUOTED_VARIABLE.matcher(make.group(1)).replaceAll(" ").trim();
			boolean optionArgument = false;
			for (String word : arguments.split("\\s+")) {
				if (optionArgument) {
					optionArgument = false;
					continue;
				}
				if (word.startsWith("-") || word.contains("=")) {
					optionArgument = OPTIONS_WITH_ARGUMENT.contains(word);
					continue; // an option, or a variable
				}
				String target = word.replaceAll("[,.:]+$", "");
				if (!TARGET.matcher(target).matches()) {
					break; // the end of the make command: a bracket, a quote, a path
				}
				into.add(new Reference(target, line));
				if (!target.equals(word)) {
					break; // punctuation after the word: prose goes on
				}
			}
		}
	}

	/**
	 * What does not exist: a link to a missing file or directory (relative to {@code file}), an anchor that no heading
	 * of the linked page gives, a make target not in {@code makefileTargets}. Links to http(s) and mailto are not
	 * followed.
	 */
	List<String> problems(Set<String> makefileTargets) {
		List<String> problems = new ArrayList<>();
		for (Reference link : this.links) {
			String target = link.target();
			if (target.matches("(?i)(https?|mailto):.*")) {
				continue;
			}
			int hash = target.indexOf('#');
			String path = (hash < 0) ? target : target.substring(0, hash);
			String anchor = (hash < 0) ? null : target.substring(hash + 1);
			Path linked = path.isEmpty() ? this.file : this.file.resolveSibling(path.replaceAll("\\?.*$", "")).normalize();
			if (!Files.exists(linked)) {
				problems.add(where(link) + ": links to " + target + ", but " + linked + " does not exist");
			}
			else if (anchor != null && !anchor.isEmpty()) {
				if (!linked.toString().endsWith(".md")) {
					problems.add(where(link) + ": links to " + target + ", an anchor in a file that is not Markdown");
				}
				else if (!read(linked).anchors().contains(anchor)) {
					problems.add(where(link) + ": links to " + target + ", but no heading of " + linked
							+ " gives the anchor #" + anchor);
				}
			}
		}
		for (Reference make : this.makeTargets) {
			if (!makefileTargets.contains(make.target())) {
				problems.add(where(make) + ": names make " + make.target() + ", which the Makefile does not have");
			}
		}
		return problems;
	}

	private String where(Reference reference) {
		return this.file + ":" + reference.line();
	}

}
