package io.netpoldemo.user.check;

/**
 * What happened to one check, classified so that a NetworkPolicy's effect can be read at a glance.
 */
public enum Outcome {

	/** 2xx/3xx, a TCP connection, or (for {@code /check/dns}) a resolved name. */
	OK("The path is open: the call went through and was answered."),

	/** The server answered 4xx/5xx: the network path works. */
	HTTP_ERROR("The network path works; the server answered with an error, so look at the URL, the token or the app."),

	/** The name did not resolve. */
	DNS_FAILURE("The name did not resolve: a wrong name, or egress to the cluster DNS (UDP and TCP 53) is blocked."),

	/** Connect or response timed out. */
	TIMEOUT("Packets were dropped on the way: the usual mark of a NetworkPolicy that denies this traffic."),

	/** The host answered the connect with a reset. */
	REFUSED("The host was reached but nothing listens on that port: the network allows it, the service is down or the port is wrong."),

	/** TCP connected, TLS failed. */
	TLS_ERROR("The connection worked but the TLS handshake failed: an untrusted or mismatched certificate, or something in between."),

	/** Anything else. */
	ERROR("Something else went wrong; the detail says what.");

	private final String hint;

	Outcome(String hint) {
		this.hint = hint;
	}

	/**
	 * What this outcome usually means, in one plain sentence.
	 * @return the hint
	 */
	public String hint() {
		return this.hint;
	}

	/**
	 * Whether traffic reached the destination host (or, for name resolution, the resolver answered).
	 * @return {@code true} for every outcome that a denying policy would have prevented
	 */
	public boolean gotThrough() {
		return this == OK || this == HTTP_ERROR || this == REFUSED || this == TLS_ERROR;
	}

}
