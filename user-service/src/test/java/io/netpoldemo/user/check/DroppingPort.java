package io.netpoldemo.user.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose connects time out, without root or a firewall: a listening socket with a backlog of 1 that
 * never accepts. Once its accept queue is full, Linux drops further SYNs, exactly as a denying NetworkPolicy does.
 * Public for the services benchmark, which runs with the test classes on its class path.
 */
public final class DroppingPort implements AutoCloseable {

	private static final int FILL_ATTEMPTS = 16;

	private final ServerSocket server;

	private final List<Socket> queued = new ArrayList<>();

	public DroppingPort() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		for (int i = 0; i < FILL_ATTEMPTS; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(this.server.getLocalSocketAddress(), 200);
				this.queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return;
			}
		}
		close();
		throw new IllegalStateException("the accept queue of a backlog-1 socket never filled: this kernel does "
				+ "not drop SYNs to a full queue, so a connect timeout cannot be produced on loopback");
	}

	public int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.queued) {
			socket.close();
		}
		this.server.close();
	}

}
