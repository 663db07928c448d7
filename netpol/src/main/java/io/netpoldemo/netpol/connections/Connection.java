package io.netpoldemo.netpol.connections;

/**
 * What one workload (or address range) may open to another, over every port of TCP, UDP and SCTP.
 *
 * @param src the source
 * @param dst the destination
 * @param allowed the connections both the source's egress and the destination's ingress allow
 * @param uncertain connections the inputs cannot decide (a pod without an IP against an ipBlock, a namespace whose
 * labels are not in the inputs); the evaluator's verdict on these ports is UNKNOWN
 */
public record Connection(Peer src, Peer dst, ConnectionSet allowed, ConnectionSet uncertain) {

	/** The allowed connections as netpol-analyzer prints them. */
	public String conn() {
		return this.allowed.toString();
	}

}
