package io.netpoldemo.netpol.firewall;

import java.util.List;

/**
 * Addresses a rule lets through: a CIDR block minus its exceptions.
 *
 * @param cidr an IPv4 or IPv6 block; a pod peer is its IP as /32 or /128, {@code to: []} / {@code from: []} is
 * {@code 0.0.0.0/0} plus {@code ::/0}
 * @param except blocks inside {@code cidr} that stay denied (ipBlock {@code except})
 */
public record AddressMatch(String cidr, List<String> except) {

	public AddressMatch {
		except = List.copyOf(except);
	}

}
