package io.netpoldemo.user.check;

/**
 * A name did not resolve. {@link #noAnswer()} tells a resolver that said "no such name" from one that never answered,
 * which is what a policy blocking DNS egress looks like.
 */
final class NameResolutionException extends Exception {

	private final boolean noAnswer;

	NameResolutionException(String message, boolean noAnswer) {
		super(message, null, false, false);
		this.noAnswer = noAnswer;
	}

	boolean noAnswer() {
		return this.noAnswer;
	}

}
