package io.netpoldemo.lab.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabTopology;
import io.netpoldemo.lab.topology.ManifestSet;

/**
 * The lab's resident controller, as a network plugin's agent is on a node: a warm JVM that holds the parsed manifests
 * and the topology derived from them between requests, and switches policies on request, so {@code lab apply} costs
 * a plan and one {@code nft -f} on the node, not a JVM start and a YAML parser warming up. It listens on the loopback
 * of the router namespace only: nothing outside the lab, not even the host, can reach it without
 * {@code ip netns exec}. One request at a time, so switches never interleave.
 *
 * <p>
 * {@code POST /apply} (body: policy files, one per line), {@code POST /add} (first line the file to add, then the
 * files it replaces), {@code GET /status}, {@code POST /cni} (body: {@code enforcing} or {@code none}). 200 on
 * success, 422 for invalid input (the command's exit code 2), 409 otherwise; the body is what the command prints.
 */
public final class LabController {

	/** The port on the router namespace's loopback. */
	public static final int PORT = 7070;

	private final ManifestSet manifests;

	/** Derived once from the manifests: every request works on the same pods, addresses and Services. */
	private final LabTopology topology;

	private final LabSettings settings;

	public LabController(ManifestSet manifests, LabSettings settings) {
		this.manifests = manifests;
		this.topology = LabTopology.of(manifests, settings.prefix());
		this.settings = settings;
	}

	/**
	 * Serves until the process is stopped ({@code lab down}).
	 * @throws IOException when the port cannot be bound
	 */
	public void serve() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 16);
		server.createContext("/", this::handle);
		// The default executor is a single thread: requests are applied one after the other.
		server.setExecutor(null);
		server.start();
		System.out.println("lab controller listening on " + server.getAddress());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			List<Path> files = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.map(Path::of)
				.toList();
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			int status = 200;
			try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
				try {
					LabRuntime runtime = new LabRuntime(this.manifests, this.topology, this.settings, out);
					switch (exchange.getRequestURI().getPath()) {
						case "/apply" -> runtime.apply(files);
						case "/add" -> runtime.add(files.get(0), files.subList(1, files.size()));
						case "/status" -> runtime.status();
						case "/cni" -> runtime.cni(files.isEmpty() ? "" : files.get(0).toString());
						case "/healthz" -> out.println("ok");
						default -> throw new LabException("unknown request " + exchange.getRequestURI().getPath());
					}
				}
				catch (LabException ex) {
					status = (ex.exitCode() == 2) ? 422 : 409;
					out.println("lab: " + ex.getMessage());
				}
				catch (RuntimeException ex) {
					status = 500;
					out.println("lab: the controller failed: " + ex);
				}
			}
			byte[] body = buffer.toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream response = exchange.getResponseBody()) {
				response.write(body);
			}
		}
	}

}
