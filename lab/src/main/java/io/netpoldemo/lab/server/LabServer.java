package io.netpoldemo.lab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The lab's stand-ins for what lives outside the demo: Argo CD's server in the {@code argocd} namespace, and the
 * internet hosts the user service calls ({@code api.github.com}, {@code httpbin.org}), told apart by the Host header.
 * A JDK-only server, so it starts in a fraction of a second and needs nothing installed.
 *
 * <p>
 * Usage: {@code LabServer <argocd|internet> <port> [<pkcs12 key store> <password file>]}.
 */
public final class LabServer {

	private LabServer() {
	}

	public static void main(String[] args) throws IOException, GeneralSecurityException {
		if (args.length != 2 && args.length != 4) {
			System.err.println("usage: LabServer <argocd|internet> <port> [<pkcs12 key store> <password file>]");
			System.exit(2);
		}
		Site site = Site.valueOf(args[0].toUpperCase(Locale.ROOT));
		InetSocketAddress address = new InetSocketAddress(Integer.parseInt(args[1]));
		HttpServer server;
		if (args.length == 4) {
			HttpsServer https = HttpsServer.create(address, 64);
			https.setHttpsConfigurator(new HttpsConfigurator(sslContext(Path.of(args[2]), Path.of(args[3]))));
			server = https;
		}
		else {
			server = HttpServer.create(address, 64);
		}
		server.createContext("/", (exchange) -> respond(exchange, site));
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		System.out.println("lab " + site.name().toLowerCase(Locale.ROOT) + " server listening on " + address);
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
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	private static void respond(HttpExchange exchange, Site site) throws IOException {
		try (exchange) {
			Reply reply = site.reply(host(exchange), exchange.getRequestURI().getPath(),
					exchange.getRemoteAddress().getAddress().getHostAddress());
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			exchange.getResponseHeaders().set("Connection", "close");
			exchange.sendResponseHeaders(reply.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static String host(HttpExchange exchange) {
		String host = exchange.getRequestHeaders().getFirst("Host");
		if (host == null) {
			return "";
		}
		int colon = host.lastIndexOf(':');
		return (colon > 0) ? host.substring(0, colon) : host;
	}

}
