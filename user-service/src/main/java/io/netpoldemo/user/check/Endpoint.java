package io.netpoldemo.user.check;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a target's URL points, parsed once at startup so a typo fails the start with a message, not every check.
 *
 * @param tls whether to speak TLS
 * @param host the host name or IP literal (without IPv6 brackets)
 * @param port the port
 * @param path the request path with its query, {@code /} when empty
 */
public record Endpoint(boolean tls, String host, int port, String path) {

	static Endpoint of(String name, Kind kind, String url) {
		if (url == null || url.isBlank()) {
			throw invalid(name, url, "it is empty");
		}
		String text = url.strip();
		if (kind == Kind.TCP && !text.contains("://")) {
			text = "tcp://" + text;
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw invalid(name, url, ex.getMessage());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw invalid(name, url, "it names no host");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (kind == Kind.TCP) {
			if (!scheme.equals("tcp") || uri.getPort() < 0) {
				throw invalid(name, url, "a tcp target is written tcp://host:port or host:port");
			}
			return new Endpoint(false, host, uri.getPort(), "/");
		}
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(name, url, "an http target starts with http:// or https://");
		}
		boolean tls = scheme.equals("https");
		int port = (uri.getPort() >= 0) ? uri.getPort() : (tls ? 443 : 80);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		if (uri.getRawQuery() != null) {
			path = path + "?" + uri.getRawQuery();
		}
		return new Endpoint(tls, host, port, path);
	}

	/**
	 * The Host header value: the port is left out when it is the scheme's default, as browsers and curl do.
	 * @return the authority
	 */
	String authority() {
		String h = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		boolean defaultPort = this.port == (this.tls ? 443 : 80);
		return defaultPort ? h : h + ":" + this.port;
	}

	private static IllegalArgumentException invalid(String name, String url, String why) {
		return new IllegalArgumentException("checks.targets." + name + ".url: '" + url + "' is not usable: " + why
				+ ". Fix it in application.yaml, the CHECKS_TARGETS_* environment or SPRING_CONFIG_ADDITIONAL_LOCATION.");
	}

}
