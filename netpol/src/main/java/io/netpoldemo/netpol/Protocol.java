package io.netpoldemo.netpol;

import java.util.Locale;

/** The protocols a NetworkPolicy port can name; TCP when a port entry names none. */
public enum Protocol {

	TCP, UDP, SCTP;

	/** Parses a protocol name as the API spells it; {@code null} or blank means TCP, the API's default. */
	public static Protocol of(String name) {
		if (name == null || name.isBlank()) {
			return TCP;
		}
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown protocol '" + name + "'; use TCP, UDP or SCTP", ex);
		}
	}

}
