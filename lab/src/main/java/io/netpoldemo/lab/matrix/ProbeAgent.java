package io.netpoldemo.lab.matrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The one process of a matrix pod, started inside the pod's network namespace: it serves every declared port of the
 * pod (TCP: a greeting and close; UDP: an answer to each datagram, both carrying the pod's name) and probes other
 * pods when the lab asks on standard input. Probes run on threads of their own, so a whole row of the matrix costs one
 * probe timeout. Plain JDK, platform threads, no dependency: nine of these JVMs start together on two cores in about
 * the time of nine {@code java -version} (virtual threads would load their scheduler for nothing at this scale).
 *
 * <p>
 * Protocol on standard input, one line each: {@code probe ID TCP|UDP ADDRESS PORT TIMEOUT_MS}. Answer on standard
 * output: {@code ID ok DETAIL} or {@code ID no DETAIL}. The agent prints {@code ready} once every port listens and
 * exits when its standard input closes, so it never outlives the lab that started it.
 */
public final class ProbeAgent {

	/** The source ports probes take in turn: 40,000 probes of one agent before one comes again. */
	private static final int FIRST_SOURCE_PORT = 20000;

	private static final int SOURCE_PORTS = 40000;

	/** A source port a served port holds is passed over, up to this many times in a row. */
	private static final int BIND_ATTEMPTS = 16;

	private final String name;

	private final PrintStream out;

	private final AtomicInteger sourcePorts = new AtomicInteger();

	private ProbeAgent(String name, PrintStream out) {
		this.name = name;
		this.out = out;
	}

	/**
	 * @param args the pod's {@code namespace/name}, then its ports as {@code 80/TCP 81/UDP ...}
	 */
	public static void main(String[] args) throws IOException {
		PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
		ProbeAgent agent = new ProbeAgent(args[0], out);
		List<String> ports = List.of(args).subList(1, args.length);
		for (String port : ports) {
			String[] parts = port.split("/");
			agent.serve(Integer.parseInt(parts[0]), parts[1]);
		}
		agent.answer("ready");
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			String[] request = line.trim().split(" ");
			if (request.length == 6 && request[0].equals("probe")) {
				Thread.ofPlatform().daemon().start(() -> agent.probe(request));
			}
		}
		// The lab closed our input: it is done with this pod, or it died.
		System.exit(0);
	}

	private void serve(int port, String protocol) throws IOException {
		byte[] greeting = (this.name + "\n").getBytes(StandardCharsets.UTF_8);
		if (protocol.equals("TCP")) {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(port), 1024);
			Thread.ofPlatform().daemon().start(() -> {
				while (true) {
					try (Socket socket = server.accept()) {
						socket.getOutputStream().write(greeting);
					}
					catch (IOException ex) {
						// One client that went away; keep serving the others.
					}
				}
			});
		}
		else if (protocol.equals("UDP")) {
			DatagramSocket server = new DatagramSocket(port);
			Thread.ofPlatform().daemon().start(() -> {
				byte[] buffer = new byte[512];
				while (true) {
					try {
						DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
						server.receive(packet);
						server.send(new DatagramPacket(greeting, greeting.length, packet.getSocketAddress()));
					}
					catch (IOException ex) {
						// A reply the filter refused to send; the prober times out, as it should.
					}
				}
			});
		}
		else {
			throw new IllegalArgumentException("the agent serves TCP and UDP, not " + protocol);
		}
	}

	/**
	 * A new socket for every probe, from a source port no earlier probe of this agent took (the kernel's own choice
	 * is random and may repeat one within a conntrack entry's life, so a UDP entry an earlier policy set allowed
	 * could let a later probe through): no conntrack entry of an earlier probe decides it.
	 */
	private void probe(String[] request) {
		String id = request[1];
		int timeout = Integer.parseInt(request[5]);
		InetSocketAddress target = new InetSocketAddress(literal(request[3]), Integer.parseInt(request[4]));
		try {
			String reply = request[2].equals("UDP") ? udp(target, timeout) : tcp(target, timeout);
			answer(id + ((reply != null) ? " ok " + reply : " no closed without an answer"));
		}
		catch (SocketTimeoutException ex) {
			answer(id + " no timeout");
		}
		catch (IOException | RuntimeException | Error ex) {
			// Every probe gets an answer, whatever went wrong: the lab waits for each.
			answer(id + " no " + String.valueOf(ex.getMessage()).replace('\n', ' '));
		}
	}

	private String tcp(InetSocketAddress target, int timeout) throws IOException {
		long deadline = System.nanoTime() + timeout * 1_000_000L;
		try (Socket socket = new Socket()) {
			bindFresh((port) -> {
				try {
					socket.bind(new InetSocketAddress(port));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			socket.connect(target, timeout);
			socket.setSoTimeout(Math.max(1, (int) ((deadline - System.nanoTime()) / 1_000_000L)));
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
		}
	}

	/** Allowed only when the server's answer comes back: a datagram sent proves nothing. */
	private String udp(InetSocketAddress target, int timeout) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(null)) {
			bindFresh((port) -> {
				try {
					socket.bind(new InetSocketAddress(port));
				}
				catch (SocketException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			socket.connect(target);
			socket.setSoTimeout(timeout);
			byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(probe, probe.length));
			byte[] buffer = new byte[512];
			DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
			socket.receive(reply);
			return new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8).strip();
		}
	}

	/**
	 * Binds a probe's socket to the next source port of the agent's cycle, passing over one that a served port holds.
	 * (A JDK functional interface, not one of our own: the lab stages this one class file for the agents.)
	 * @param bind binds the socket to a port, a failure wrapped in an {@link UncheckedIOException}
	 */
	private void bindFresh(IntConsumer bind) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				bind.accept(FIRST_SOURCE_PORT + Math.floorMod(this.sourcePorts.getAndIncrement(), SOURCE_PORTS));
				return;
			}
			catch (UncheckedIOException ex) {
				if (!(ex.getCause() instanceof BindException) || attempt == BIND_ATTEMPTS) {
					throw ex.getCause();
				}
			}
		}
	}

	/** The lab sends IPv4 literals only: checked here, so parsing one never asks a resolver. */
	private static InetAddress literal(String address) {
		if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			throw new IllegalArgumentException("not an IPv4 address: " + address);
		}
		try {
			return InetAddress.getByName(address);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("not an IPv4 address: " + address);
		}
	}

	private synchronized void answer(String line) {
		this.out.println(line);
		this.out.flush();
	}

}
