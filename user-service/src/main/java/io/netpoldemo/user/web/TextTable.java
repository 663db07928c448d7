package io.netpoldemo.user.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.Summary;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expected;

/**
 * Writes reports as aligned plain-text tables that read well in a terminal, which is what the make targets print.
 */
final class TextTable {

	private static final List<Column<CheckResult>> RESULT_COLUMNS = List.of(
			new Column<>("TARGET", CheckResult::target), new Column<>("GROUP", CheckResult::group),
			new Column<>("KIND", (r) -> r.kind().id()), new Column<>("OUTCOME", (r) -> r.outcome().name()),
			new Column<>("STATUS", (r) -> (r.status() != null) ? r.status().toString() : "-"),
			new Column<>("LATENCY", (r) -> r.latencyMs() + " ms"),
			new Column<>("ADDRESS", (r) -> Objects.requireNonNullElse(r.address(), "-")),
			new Column<>("EXPECTED", (r) -> r.expected().name()),
			new Column<>("AGREEMENT", (r) -> r.agreement().name()), new Column<>("DETAIL", CheckResult::detail),
			// Last: a policy reason names the policy, the rule, the peer and the port, and is the longest cell by far.
			new Column<>("POLICY", CheckResult::policy));

	private static final List<Column<Target>> TARGET_COLUMNS = List.of(new Column<>("TARGET", Target::name),
			new Column<>("GROUP", Target::group), new Column<>("KIND", (t) -> t.kind().id()),
			new Column<>("URL", Target::url));

	private TextTable() {
	}

	static String report(CheckReport report) {
		StringBuilder text = new StringBuilder();
		text.append("Checks from ").append(source(report.source())).append(", started ").append(report.startedAt())
			.append(", took ").append(report.durationMs()).append(" ms\n\n");
		List<CheckResult> results = report.results();
		String sharedReason = sharedUnknownReason(results);
		if (sharedReason != null) {
			// Outside Kubernetes every row would repeat the same reason: say it once, keep the table narrow.
			text.append("Policy expectations: unknown for every target (").append(sharedReason).append(")\n\n");
			results = results.stream().map(TextTable::withoutPolicy).toList();
		}
		text.append(table(RESULT_COLUMNS, results)).append('\n');
		// One line per distinct hint, labelled by its outcome: the hints say what the outcomes in this table mean.
		Set<List<String>> hints = new LinkedHashSet<>();
		report.results().forEach((result) -> hints.add(List.of(result.outcome().name(), result.hint())));
		int width = hints.stream().mapToInt((hint) -> hint.get(0).length()).max().orElse(0);
		for (List<String> hint : hints) {
			text.append(pad(hint.get(0), width)).append("  ").append(hint.get(1)).append('\n');
		}
		return text.append(summary(report)).toString();
	}

	/**
	 * The round as a whole, last so that a terminal shows it above the prompt: the counts, then each disagreement and
	 * why, then the warning when denied traffic got through. {@code bin/check} decides its exit code from these lines.
	 */
	private static String summary(CheckReport report) {
		Summary summary = report.summary();
		StringBuilder text = new StringBuilder("\n").append(summary.line(report.round())).append('\n');
		summary.mismatches().forEach((mismatch) -> text.append("MISMATCH ").append(mismatch).append('\n'));
		if (summary.warning() != null) {
			text.append("WARNING ").append(summary.warning()).append('\n');
		}
		return text.toString();
	}

	private static String sharedUnknownReason(List<CheckResult> results) {
		Set<String> reasons = new LinkedHashSet<>();
		for (CheckResult result : results) {
			if (result.expected() != Expected.UNKNOWN) {
				return null;
			}
			reasons.add(Objects.requireNonNullElse(result.policy(), ""));
		}
		return (reasons.size() == 1 && !reasons.iterator().next().isEmpty()) ? reasons.iterator().next() : null;
	}

	private static CheckResult withoutPolicy(CheckResult r) {
		return new CheckResult(r.target(), r.group(), r.kind(), r.url(), r.outcome(), r.status(), r.latencyMs(),
				r.address(), r.detail(), r.hint(), r.expected(), "-", r.agreement());
	}

	static String targets(List<Target> targets) {
		return table(TARGET_COLUMNS, targets);
	}

	private static String source(PodIdentity source) {
		return source.where() + " (" + source.service() + " " + source.version() + ")";
	}

	private static <T> String table(List<Column<T>> columns, List<T> rows) {
		List<List<String>> cells = new ArrayList<>();
		cells.add(columns.stream().map(Column::title).toList());
		for (T row : rows) {
			cells.add(columns.stream().map((column) -> Objects.requireNonNullElse(column.value().apply(row), "")).toList());
		}
		int[] widths = new int[columns.size()];
		for (List<String> line : cells) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], line.get(i).length());
			}
		}
		StringBuilder text = new StringBuilder();
		for (List<String> line : cells) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < widths.length; i++) {
				out.append((i < widths.length - 1) ? pad(line.get(i), widths[i] + 2) : line.get(i));
			}
			text.append(out.toString().stripTrailing()).append('\n');
		}
		return text.toString();
	}

	private static String pad(String value, int width) {
		return value + " ".repeat(Math.max(0, width - value.length()));
	}

	private record Column<T>(String title, Function<T, String> value) {
	}

}
