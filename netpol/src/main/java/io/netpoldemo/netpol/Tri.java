package io.netpoldemo.netpol;

/** Three-valued logic: a match can be certain, impossible, or depend on what the inputs do not say. */
enum Tri {

	YES, NO, MAYBE;

	static Tri of(boolean value) {
		return value ? YES : NO;
	}

	Tri and(Tri other) {
		if (this == NO || other == NO) {
			return NO;
		}
		return (this == YES && other == YES) ? YES : MAYBE;
	}

	Tri or(Tri other) {
		if (this == YES || other == YES) {
			return YES;
		}
		return (this == NO && other == NO) ? NO : MAYBE;
	}

}
