package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/**
 * Peers that answer every call, each on its own loopback address so that the address a check reaches is the IP of the
 * pod the mock API server lists: the "pods" are up and the network lets everything through, as a cluster whose
 * network plugin ignores NetworkPolicy does.
 */
final class LoopbackPeers implements AutoCloseable {

	private final List<HttpServer> http = new ArrayList<>();

	private final List<ServerSocket> tcp = new ArrayList<>();

	/** An HTTP server answering 200 to every request on {@code address}, on a free port. */
	String http(String address, String path) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = "{\"answered\":true}".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			this.http.add(server);
			return "http://" + address + ":" + server.getAddress().getPort() + path;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A listening TCP port on {@code address}: the kernel completes the handshake, nothing more is needed. */
	String tcp(String address) {
		try {
			ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(address));
			this.tcp.add(socket);
			return "tcp://" + address + ":" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.http.forEach((server) -> server.stop(0));
		for (ServerSocket socket : this.tcp) {
			socket.close();
		}
	}

}
