package io.netpoldemo.netpol;

import java.util.List;
import java.util.function.Predicate;

/**
 * Expected connectivity over the {@link XyzModel}, written the way the upstream e2e suite writes it: start from
 * everything allowed, then mark what a policy denies. Printed as the upstream truth table ({@code .} allowed,
 * {@code X} denied).
 */
final class ExpectedReachability {

	private final List<String> pods = XyzModel.podIds();

	private final boolean[][] expected = new boolean[9][9];

	ExpectedReachability() {
		expectAll(true);
	}

	ExpectedReachability expectAll(boolean allowed) {
		return expect((from) -> true, (to) -> true, allowed);
	}

	/** Every pair whose source and destination match. Pods are {@code ns/name}; {@code "x/"} matches a namespace. */
	ExpectedReachability expect(Predicate<String> from, Predicate<String> to, boolean allowed) {
		for (int i = 0; i < this.pods.size(); i++) {
			for (int j = 0; j < this.pods.size(); j++) {
				if (from.test(this.pods.get(i)) && to.test(this.pods.get(j))) {
					this.expected[i][j] = allowed;
				}
			}
		}
		return this;
	}

	ExpectedReachability expect(String from, String to, boolean allowed) {
		return expect(matching(from), matching(to), allowed);
	}

	ExpectedReachability expectAllIngress(String to, boolean allowed) {
		return expect((from) -> true, matching(to), allowed);
	}

	ExpectedReachability expectAllEgress(String from, boolean allowed) {
		return expect(matching(from), (to) -> true, allowed);
	}

	/** {@code "x/a"} matches one pod, {@code "x/"} a namespace, {@code "/a"} the pod a of every namespace. */
	static Predicate<String> matching(String pattern) {
		if (pattern.endsWith("/")) {
			return (pod) -> pod.startsWith(pattern);
		}
		if (pattern.startsWith("/")) {
			return (pod) -> pod.endsWith(pattern);
		}
		return pattern::equals;
	}

	boolean expected(int from, int to) {
		return this.expected[from][to];
	}

	List<String> pods() {
		return this.pods;
	}

	static String table(List<String> pods, boolean[][] allowed) {
		StringBuilder table = new StringBuilder("    ");
		pods.forEach((pod) -> table.append(String.format("%-4s", pod)));
		for (int i = 0; i < pods.size(); i++) {
			table.append('\n').append(String.format("%-4s", pods.get(i)));
			for (int j = 0; j < pods.size(); j++) {
				table.append(String.format("%-4s", (i == j) ? "-" : allowed[i][j] ? "." : "X"));
			}
		}
		return table.toString();
	}

	String table() {
		return table(this.pods, this.expected);
	}

}
