package io.netpoldemo.netpol;

import java.util.Locale;

/**
 * What a call names: a host (Service name in any DNS form, pod {@code ns/name}, IP or external name) and a port.
 * An application that has already parsed its URL builds one with {@link #of(String, int, String)} from that parse,
 * so the evaluator judges the very host and port the application calls; {@link #parse(String)} reads what a person
 * writes on a command line.
 *
 * @param host the host as written, lower case, without a trailing dot
 * @param port the port, or {@code null} when the text gives none and no URL scheme implies one
 * @param text the target as written
 */
public record CallTarget(String host, Integer port, String text) {

	public CallTarget {
		host = host.toLowerCase(Locale.ROOT);
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (host.isEmpty()) {
			throw new IllegalArgumentException("'" + text + "' names no host");
		}
	}

	/**
	 * A call to a host and port the caller has parsed itself.
	 * @param host the host name or IP literal, without IPv6 brackets
	 * @param port the port
	 * @param text the target as the caller wrote it, for the explanation
	 * @return the call
	 */
	public static CallTarget of(String host, int port, String text) {
		return new CallTarget(host, port, text);
	}

	/**
	 * Reads a target as a person writes it: a URL, {@code host:port}, {@code host}, {@code [ipv6]:port} or
	 * {@code namespace/pod[:port]}.
	 * @param text the target
	 * @return the call
	 * @throws IllegalArgumentException when the text names no host or an invalid port
	 */
	public static CallTarget parse(String text) {
		String rest = text.trim();
		Integer port = null;
		int scheme = rest.indexOf("://");
		if (scheme >= 0) {
			String name = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
			port = switch (name) {
				case "http", "ws" -> 80;
				case "https", "wss" -> 443;
				default -> null;
			};
			rest = rest.substring(scheme + 3);
			int path = indexOfAny(rest, "/?#");
			if (path >= 0) {
				rest = rest.substring(0, path);
			}
			int at = rest.lastIndexOf('@');
			if (at >= 0) {
				rest = rest.substring(at + 1);
			}
		}
		String host = rest;
		if (rest.startsWith("[")) {
			int close = rest.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("'" + text + "': an IPv6 address in brackets lacks its ']'");
			}
			host = rest.substring(1, close);
			if (rest.length() > close + 1 && rest.charAt(close + 1) == ':') {
				port = port(text, rest.substring(close + 2));
			}
		}
		else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
			host = rest.substring(0, rest.indexOf(':'));
			port = port(text, rest.substring(rest.indexOf(':') + 1));
		}
		return new CallTarget(host, port, text);
	}

	private static Integer port(String text, String value) {
		try {
			int port = Integer.parseInt(value);
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("'" + text + "': port " + port + " is out of range 1-65535");
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "': '" + value + "' is not a port number", ex);
		}
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	/** The port, or {@code otherwise} when the target gives none. */
	int portOr(int otherwise) {
		return (this.port != null) ? this.port : otherwise;
	}

	/** Whether the host names a pod as {@code namespace/name}. */
	boolean isPod() {
		return this.host.indexOf('/') > 0;
	}

	boolean isAddress() {
		return Cidr.isAddress(this.host);
	}

}
