package io.netpoldemo.netpol;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * Label selector matching as the API defines it: matchLabels and matchExpressions ANDed; {@code NotIn} and
 * {@code DoesNotExist} match a missing key; an empty selector matches everything.
 */
public final class LabelSelectors {

	private LabelSelectors() {
	}

	/**
	 * Whether {@code selector} matches {@code labels}; a {@code null} selector matches everything, {@code null}
	 * labels are no labels.
	 */
	public static boolean matches(LabelSelector selector, Map<String, String> labels) {
		return match(selector, (labels != null) ? labels : Map.of(), true) == Tri.YES;
	}

	/**
	 * Matches against labels that may be incomplete: a requirement on a key the labels do not mention is then
	 * uncertain rather than false.
	 */
	static Tri match(LabelSelector selector, Map<String, String> labels, boolean complete) {
		if (selector == null) {
			return Tri.YES;
		}
		Tri result = Tri.YES;
		if (selector.getMatchLabels() != null) {
			for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
				result = result.and(requirement(wanted.getKey(), "In", List.of(wanted.getValue()), labels, complete));
			}
		}
		if (selector.getMatchExpressions() != null) {
			for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
				result = result.and(requirement(expression.getKey(), expression.getOperator(),
						(expression.getValues() != null) ? expression.getValues() : List.of(), labels, complete));
			}
		}
		return result;
	}

	private static Tri requirement(String key, String operator, List<String> values, Map<String, String> labels,
			boolean complete) {
		String value = labels.get(key);
		if (value == null && !complete) {
			return Tri.MAYBE;
		}
		return switch (operator) {
			case "In" -> Tri.of(value != null && values.contains(value));
			case "NotIn" -> Tri.of(value == null || !values.contains(value));
			case "Exists" -> Tri.of(value != null);
			case "DoesNotExist" -> Tri.of(value == null);
			default -> throw new IllegalArgumentException(
					"unknown label selector operator '" + operator + "'; use In, NotIn, Exists or DoesNotExist");
		};
	}

	/** The selector as {@code kubectl} would print it, for explanations. */
	static String describe(LabelSelector selector) {
		if (selector == null) {
			return "(none)";
		}
		StringBuilder text = new StringBuilder();
		if (selector.getMatchLabels() != null) {
			selector.getMatchLabels().forEach((key, value) -> append(text, key + "=" + value));
		}
		if (selector.getMatchExpressions() != null) {
			for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
				List<String> values = (expression.getValues() != null) ? expression.getValues() : List.of();
				append(text, switch (expression.getOperator()) {
					case "In" -> expression.getKey() + " in (" + String.join(",", values) + ")";
					case "NotIn" -> expression.getKey() + " notin (" + String.join(",", values) + ")";
					case "Exists" -> expression.getKey();
					case "DoesNotExist" -> "!" + expression.getKey();
					default -> expression.getKey() + " " + expression.getOperator();
				});
			}
		}
		return text.isEmpty() ? "{} (everything)" : text.toString();
	}

	private static void append(StringBuilder text, String part) {
		if (!text.isEmpty()) {
			text.append(',');
		}
		text.append(part);
	}

}
