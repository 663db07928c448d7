package io.netpoldemo.user.expectation;

/**
 * What the NetworkPolicies in force say should happen to a check.
 */
public enum Expected {

	/** Every policy on the way allows the traffic. */
	ALLOWED,

	/** A policy isolates the source or the destination and no rule allows the traffic. */
	DENIED,

	/** No policy information: outside Kubernetes, or the API could not be read. */
	UNKNOWN

}
