package io.netpoldemo.lab.matrix;

/** How the kernel's answer for a pair compares with the evaluator's. */
enum Agreement {

	/** The kernel did what the evaluator expects. */
	MATCH,

	/** It did not: the lab or the evaluator is wrong. */
	MISMATCH,

	/**
	 * Nothing to compare: the destination does not serve the port (a named port it lacks, a pod with no port), or a
	 * pod's traffic to itself disagreed, which network plugins differ on and upstream ignores.
	 */
	UNKNOWN

}
