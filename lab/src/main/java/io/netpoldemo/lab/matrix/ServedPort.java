package io.netpoldemo.lab.matrix;

import io.netpoldemo.netpol.Protocol;

/**
 * A container port a matrix pod serves.
 *
 * @param name the port's name, or {@code null}
 * @param number the port number
 * @param protocol its protocol
 */
record ServedPort(String name, int number, Protocol protocol) {

	/** How the agent takes it on its command line: {@code 80/TCP}. */
	String argument() {
		return this.number + "/" + this.protocol.name();
	}

}
