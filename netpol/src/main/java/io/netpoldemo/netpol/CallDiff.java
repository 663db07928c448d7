package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a change of configuration changes for the calls one pod makes: each call evaluated before and after by the
 * evaluator's own call path ({@link PolicyEvaluator#call(String, CallTarget, Protocol)}), and whether its verdict or
 * its reason changes. {@code netpol diff --from POD --to TARGET...} prints it; the user service's "what if" preview is
 * this diff over its own targets.
 *
 * @param from the calling pod, {@code namespace/name}
 * @param entries one per call, in the order given
 */
public record CallDiff(String from, List<Entry> entries) {

	public CallDiff {
		entries = List.copyOf(entries);
	}

	/**
	 * One call before and after.
	 * @param name the call's name (its text when it has none)
	 * @param call the call
	 * @param before the evaluation before the change
	 * @param after the evaluation after it
	 */
	public record Entry(String name, CallTarget call, Evaluation before, Evaluation after) {

		/** Whether the change changes the verdict or its reason. */
		public boolean changed() {
			return before.verdict() != after.verdict() || !before.reason().equals(after.reason());
		}

	}

	/**
	 * @param before the evaluator of the configuration before
	 * @param after the evaluator of the configuration after
	 * @param from the calling pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param calls each call by name, in order
	 * @param protocol the calls' protocol
	 * @return the diff; a call one side cannot evaluate (the calling pod is not in that configuration, say) is
	 * {@code UNKNOWN} on that side, with why
	 */
	public static CallDiff of(PolicyEvaluator before, PolicyEvaluator after, String from, Map<String, CallTarget> calls,
			Protocol protocol) {
		List<Entry> entries = new ArrayList<>();
		calls.forEach((name, call) -> entries.add(new Entry(name, call, evaluate(before, from, call, protocol),
				evaluate(after, from, call, protocol))));
		return new CallDiff(from, entries);
	}

	/** Whether no call changes. */
	public boolean isEmpty() {
		return this.entries.stream().noneMatch(Entry::changed);
	}

	private static Evaluation evaluate(PolicyEvaluator evaluator, String from, CallTarget call, Protocol protocol) {
		try {
			return evaluator.call(from, call, protocol);
		}
		catch (IllegalArgumentException ex) {
			String reason = "cannot evaluate " + call.text() + ": " + ex.getMessage();
			return new Evaluation(Verdict.UNKNOWN, Stage.NONE, reason, List.of(reason));
		}
	}

}
