package io.netpoldemo.netpol.connections;

import java.util.List;

/**
 * Why a connection is allowed: the rules on each side.
 *
 * @param egress the source's side
 * @param ingress the destination's side
 */
public record Reasons(Side egress, Side ingress) {

	/**
	 * One side of a connection.
	 *
	 * @param isolated whether a policy selects the pod for this direction; when not, every connection is open
	 * @param rules the rules that allow some of the connection's ports, as {@code namespace/policy egress[1]}
	 */
	public record Side(boolean isolated, List<String> rules) {

		public Side {
			rules = List.copyOf(rules);
		}

	}

}
