package io.netpoldemo.netpol;

/** Where a call is stopped (or where its outcome is uncertain). */
public enum Stage {

	/** Name resolution: the query to the cluster DNS pods on UDP 53. */
	DNS,

	/** The connection itself, to the pod (after Service translation) or the external address. */
	CONNECT,

	/** Nothing stops the call. */
	NONE

}
