package io.netpoldemo.netpol;

/**
 * Ports of one protocol that a rule's port entry allows on a destination, as the evaluator resolves them.
 *
 * @param protocol the protocol
 * @param first the first port
 * @param last the last port, inclusive ({@code first} for a single port; 1-65535 when the entry names no port)
 */
public record PortRange(Protocol protocol, int first, int last) {

	/** Whether the range holds a port. */
	public boolean holds(int port) {
		return port >= this.first && port <= this.last;
	}

	/** Whether the range is every port of its protocol. */
	public boolean everyPort() {
		return this.first <= 1 && this.last >= 65535;
	}

}
