package io.netpoldemo.netpol;

import java.util.List;

/**
 * A verdict and why.
 *
 * @param verdict allowed, denied or unknown
 * @param stage where the call stops ({@link Stage#NONE} when allowed)
 * @param reason one line: the deciding policy and rule, or the direction no rule allows
 * @param explanation every step: which policies isolate each end, which rule matched or that none did
 */
public record Evaluation(Verdict verdict, Stage stage, String reason, List<String> explanation) {

	public Evaluation {
		explanation = List.copyOf(explanation);
	}

	public boolean allowed() {
		return this.verdict == Verdict.ALLOWED;
	}

	/** The explanation as indented text, one step a line. */
	public String explanationText() {
		return String.join(System.lineSeparator(), this.explanation);
	}

}
