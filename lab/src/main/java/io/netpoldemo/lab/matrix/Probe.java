package io.netpoldemo.lab.matrix;

import io.netpoldemo.netpol.Protocol;

/**
 * One probe of the matrix: from the agent of the source pod, a new connection to an address and port.
 *
 * @param from the source pod's index
 * @param to the destination pod's index
 * @param address the destination pod's address, or its Service's ClusterIP
 * @param port the port to connect to
 * @param protocol TCP or UDP
 */
record Probe(int from, int to, String address, int port, Protocol protocol) {

	/**
	 * What a probe saw.
	 *
	 * @param connected whether the connection was made and the server's answer came back
	 * @param detail the answer, or why there was none (timeout, refused, not permitted)
	 */
	record Outcome(boolean connected, String detail) {
	}

}
