package io.netpoldemo.lab.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The lab's stand-ins for what lives outside the demo: Argo CD's server in the {@code argocd} namespace, and the
 * internet hosts the user service calls ({@code api.github.com}, {@code httpbin.org}), told apart by the Host header.
 * A blocking socket per connection on a virtual thread, JDK only: it starts in a fraction of a second, needs nothing
 * installed, and every request is answered and the connection closed, as the checks expect
 * ({@code Connection: close}).
 *
 * <p>
 * Usage: {@code LabServer <argocd|internet> <port> [<pkcs12 key store> <password file>]}.
 */
public final class LabServer {

	/** A client that connects and sends nothing must not hold a thread for long. */
	private static final int READ_TIMEOUT_MS = 10_000;

	private static final int MAX_HEADER_LINES = 100;

	private LabServer() {
	}

	public static void main(String[] args) throws IOException, GeneralSecurityException {
		if (args.length != 2 && args.length != 4) {
			System.err.println("usage: LabServer <argocd|internet> <port> [<pkcs12 key store> <password file>]");
			System.exit(2);
		}
		Site site = Site.valueOf(args[0].toUpperCase(Locale.ROOT));
		int port = Integer.parseInt(args[1]);
		ServerSocket server = (args.length == 4)
				? sslContext(Path.of(args[2]), Path.of(args[3])).getServerSocketFactory().createServerSocket(port, 64)
				: new ServerSocket(port, 64);
		System.out.println("lab " + site.name().toLowerCase(Locale.ROOT) + " server listening on port " + port
				+ ((args.length == 4) ? " (TLS)" : ""));
		while (true) {
			Socket connection = server.accept();
			Thread.ofVirtual().start(() -> serve(connection, site));
		}
	}

	private static SSLContext sslContext(Path keyStoreFile, Path passwordFile)
			throws IOException, GeneralSecurityException {
		char[] password = Files.readString(passwordFile).strip().toCharArray();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStoreFile)) {
			keyStore.load(in, password);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, password);
		SSLContext context = SSLContext.getInstance("TLS");
		// No trust managers: the server asks for no client certificate, and null would have the JDK read its whole
		// cacerts file while the pods' JVMs start.
		context.init(keyManagers.getKeyManagers(), new TrustManager[0], null);
		return context;
	}

	private static void serve(Socket connection, Site site) {
		try (connection) {
			connection.setSoTimeout(READ_TIMEOUT_MS);
			BufferedReader in = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
			String requestLine = in.readLine();
			if (requestLine == null) {
				return;
			}
			String host = "";
			String line = in.readLine();
			for (int i = 0; line != null && !line.isEmpty() && i < MAX_HEADER_LINES; i++) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("host")) {
					host = stripPort(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
				}
				line = in.readLine();
			}
			String[] parts = requestLine.split(" ");
			String path = (parts.length > 1) ? parts[1] : "/";
			int query = path.indexOf('?');
			Reply reply = site.reply(host, (query >= 0) ? path.substring(0, query) : path,
					connection.getInetAddress().getHostAddress());
			write(connection.getOutputStream(), reply);
		}
		catch (IOException ex) {
			// The client went away or never spoke: nothing to answer.
		}
	}

	private static void write(OutputStream out, Reply reply) throws IOException {
		byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + reply.status() + " " + ((reply.status() == 200) ? "OK" : "Not Found") + "\r\n"
				+ "Content-Type: " + reply.contentType() + "\r\n" + "Content-Length: " + body.length + "\r\n"
				+ "Connection: close\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	private static String stripPort(String host) {
		int colon = host.lastIndexOf(':');
		return (colon > 0 && host.indexOf(']') < colon) ? host.substring(0, colon) : host;
	}

}
