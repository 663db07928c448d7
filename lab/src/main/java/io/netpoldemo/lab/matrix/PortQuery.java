package io.netpoldemo.lab.matrix;

import io.netpoldemo.netpol.Protocol;

/**
 * A port and protocol to build a matrix for.
 *
 * @param port a number or a container port name, resolved per destination pod
 * @param protocol TCP or UDP (SCTP where the kernel has it)
 */
record PortQuery(String port, Protocol protocol) {

	@Override
	public String toString() {
		return this.protocol + " " + this.port;
	}

}
