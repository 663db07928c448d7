package io.netpoldemo.netpol;

/** What the policies say about a connection. */
public enum Verdict {

	/** Every policy on the way lets it through. */
	ALLOWED,

	/** A policy isolates one end and no rule lets the connection through. */
	DENIED,

	/** The inputs do not tell: an address or a pod's labels are not known offline, or Service pods disagree. */
	UNKNOWN

}
