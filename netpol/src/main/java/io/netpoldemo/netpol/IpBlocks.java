package io.netpoldemo.netpol;

/** CIDR arithmetic on address literals, IPv4 and IPv6; it never looks a name up. */
public final class IpBlocks {

	private IpBlocks() {
	}

	/** Whether {@code ip} lies in {@code cidr}; an address of the other family never does. */
	public static boolean contains(String cidr, String ip) {
		return Cidr.parse(cidr).contains(Cidr.address(ip));
	}

}
