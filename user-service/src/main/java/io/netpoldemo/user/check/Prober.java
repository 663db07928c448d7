package io.netpoldemo.user.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Calls one target over a fresh connection and classifies what happened.
 * <p>
 * Plain sockets rather than an HTTP client: each step (resolve, connect, TLS, response) has its own timeout and its
 * own failure, which is exactly what tells a dropped packet from a refused port or an untrusted certificate. No
 * connection is pooled: a kept-alive connection would survive a new NetworkPolicy and hide it.
 */
final class Prober {

	private static final int MAX_STATUS_LINE = 8192;

	private final NameResolver resolver;

	private final ChecksProperties.Timeouts timeouts;

	Prober(NameResolver resolver, ChecksProperties.Timeouts timeouts) {
		this.resolver = resolver;
		this.timeouts = timeouts;
	}

	/**
	 * Resolves the target's host only.
	 * @param endpoint the endpoint
	 * @return {@code OK} with the address, or {@code DNS_FAILURE}
	 */
	ProbeResult resolve(Endpoint endpoint) {
		try {
			InetAddress address = this.resolver.resolve(endpoint.host());
			return new ProbeResult(Outcome.OK, null, address.getHostAddress(),
					"'" + endpoint.host() + "' resolved to " + address.getHostAddress());
		}
		catch (NameResolutionException ex) {
			return new ProbeResult(Outcome.DNS_FAILURE, null, null, ex.getMessage());
		}
	}

	/**
	 * Calls the target.
	 * @param kind how to call it
	 * @param endpoint where
	 * @param headers extra request headers (the bearer token)
	 * @return what happened
	 */
	ProbeResult probe(Kind kind, Endpoint endpoint, Map<String, String> headers) {
		InetAddress ip;
		try {
			ip = this.resolver.resolve(endpoint.host());
		}
		catch (NameResolutionException ex) {
			return new ProbeResult(Outcome.DNS_FAILURE, null, null, ex.getMessage());
		}
		InetSocketAddress socketAddress = new InetSocketAddress(ip, endpoint.port());
		String address = (ip.getHostAddress().contains(":") ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress())
				+ ":" + endpoint.port();
		try (Socket socket = new Socket()) {
			try {
				socket.connect(socketAddress, (int) this.timeouts.connect().toMillis());
			}
			catch (SocketTimeoutException ex) {
				return new ProbeResult(Outcome.TIMEOUT, null, address,
						"no answer to the TCP connect within " + this.timeouts.connect().toMillis() + " ms");
			}
			catch (ConnectException ex) {
				return new ProbeResult(Outcome.REFUSED, null, address, "connection refused by " + address);
			}
			catch (NoRouteToHostException ex) {
				return new ProbeResult(Outcome.ERROR, null, address,
						"no route to host: an ICMP unreachable came back (a rejecting firewall, or the host is down)");
			}
			if (kind == Kind.TCP) {
				return new ProbeResult(Outcome.OK, null, address, "TCP connection established");
			}
			return exchange(socket, endpoint, headers, address);
		}
		catch (IOException ex) {
			return new ProbeResult(Outcome.ERROR, null, address, describe(ex));
		}
	}

	private ProbeResult exchange(Socket socket, Endpoint endpoint, Map<String, String> headers, String address)
			throws IOException {
		long requestMs = this.timeouts.request().toMillis();
		long deadline = System.nanoTime() + this.timeouts.request().toNanos();
		socket.setSoTimeout((int) requestMs);
		Socket channel = socket;
		try {
			if (endpoint.tls()) {
				channel = handshake(socket, endpoint);
			}
			OutputStream out = channel.getOutputStream();
			out.write(request(endpoint, headers).getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String statusLine = readStatusLine(channel, deadline);
			if (statusLine == null) {
				return new ProbeResult(Outcome.ERROR, null, address,
						"the connection was closed before any response: a proxy or the server dropped it");
			}
			return classify(statusLine, address);
		}
		catch (SocketTimeoutException ex) {
			return new ProbeResult(Outcome.TIMEOUT, null, address,
					"connected, but no response within " + requestMs + " ms (request timeout)");
		}
		catch (SSLException ex) {
			return new ProbeResult(Outcome.TLS_ERROR, null, address, "TLS handshake failed: " + describe(ex));
		}
		finally {
			if (channel != socket) {
				channel.close();
			}
		}
	}

	/**
	 * TLS with the JVM's default trust (so {@code -Djavax.net.ssl.trustStore} applies), SNI and host name
	 * verification, as any HTTPS client does.
	 */
	private static Socket handshake(Socket socket, Endpoint endpoint) throws IOException {
		SSLContext context;
		try {
			context = SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new SSLException("no default TLS context in this JVM", ex);
		}
		SSLSocket tls = (SSLSocket) context.getSocketFactory()
			.createSocket(socket, endpoint.host(), endpoint.port(), true);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		// SNI carries host names only, never IP literals.
		if (!NameResolver.isIpLiteral(endpoint.host())) {
			parameters.setServerNames(List.of(new SNIHostName(endpoint.host())));
		}
		tls.setSSLParameters(parameters);
		tls.startHandshake();
		return tls;
	}

	private static String request(Endpoint endpoint, Map<String, String> headers) {
		StringBuilder request = new StringBuilder();
		request.append("GET ").append(endpoint.path()).append(" HTTP/1.1\r\n");
		request.append("Host: ").append(endpoint.authority()).append("\r\n");
		request.append("User-Agent: netpol-demo-user-service\r\n");
		request.append("Accept: */*\r\n");
		request.append("Connection: close\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		return request.append("\r\n").toString();
	}

	private static String readStatusLine(Socket socket, long deadline) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		while (line.length() < MAX_STATUS_LINE) {
			long remainingMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
			if (remainingMs <= 0) {
				throw new SocketTimeoutException("request timeout");
			}
			// A server that trickles bytes must not stretch the request timeout.
			socket.setSoTimeout((int) remainingMs);
			int b = in.read();
			if (b < 0) {
				return line.isEmpty() ? null : line.toString();
			}
			if (b == '\n') {
				return line.toString().strip();
			}
			line.append((char) b);
		}
		return line.toString();
	}

	private static ProbeResult classify(String statusLine, String address) {
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			return new ProbeResult(Outcome.ERROR, null, address, "not an HTTP response: '" + abbreviate(statusLine) + "'");
		}
		int status;
		try {
			status = Integer.parseInt(parts[1]);
		}
		catch (NumberFormatException ex) {
			return new ProbeResult(Outcome.ERROR, null, address, "not an HTTP status: '" + abbreviate(statusLine) + "'");
		}
		if (status >= 200 && status < 400) {
			return new ProbeResult(Outcome.OK, status, address, statusLine);
		}
		if (status >= 400 && status < 600) {
			return new ProbeResult(Outcome.HTTP_ERROR, status, address, statusLine);
		}
		return new ProbeResult(Outcome.ERROR, status, address, "unexpected HTTP status: " + statusLine);
	}

	private static String abbreviate(String text) {
		return (text.length() > 80) ? text.substring(0, 80) + "..." : text;
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		if (root != ex && root.getMessage() != null && !message.contains(root.getMessage())) {
			message = message + " (" + root.getMessage() + ")";
		}
		return message;
	}

}
