package io.netpoldemo.user.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port where nothing listens: a target that is refused at once, or a service that is down.
 */
public final class ClosedPort {

	private ClosedPort() {
	}

	/**
	 * A port that was free a moment ago: bound, then closed again.
	 * @return the port
	 */
	public static int next() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
