package io.netpoldemo.user.check;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a target is called.
 */
public enum Kind {

	/** An HTTP or HTTPS GET; the URL's scheme says which. */
	HTTP,

	/** A TCP connect and nothing more, for ports that speak no HTTP (DNS on 53). */
	TCP;

	/**
	 * The lower-case name used in configuration, JSON and tables.
	 * @return {@code http} or {@code tcp}
	 */
	@JsonValue
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
