package io.netpoldemo.netpol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 block. Parses literals only: it never resolves a name. */
record Cidr(byte[] network, int prefix, String text) {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");

	/** Ranges no public address falls into: an external name never resolves into them in this model. */
	private static final List<Cidr> NON_PUBLIC = List.of(parse("10.0.0.0/8"), parse("172.16.0.0/12"),
			parse("192.168.0.0/16"), parse("100.64.0.0/10"), parse("127.0.0.0/8"), parse("169.254.0.0/16"),
			parse("0.0.0.0/8"), parse("224.0.0.0/3"), parse("fc00::/7"), parse("fe80::/10"), parse("::1/128"),
			parse("ff00::/8"));

	static boolean isAddress(String text) {
		return IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && text.matches("[0-9a-fA-F:.]+"));
	}

	static byte[] address(String text) {
		if (!isAddress(text)) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address");
		}
		if (IPV4.matcher(text).matches()) {
			// Parsed here: InetAddress would take 999.1.1.1 for a host name and ask the resolver.
			String[] octets = text.split("\\.");
			byte[] address = new byte[octets.length];
			for (int i = 0; i < octets.length; i++) {
				int octet = Integer.parseInt(octets[i]);
				if (octet > 255) {
					throw new IllegalArgumentException("'" + text + "' is not an IP address: " + octet
							+ " is above 255");
				}
				address[i] = (byte) octet;
			}
			return address;
		}
		try {
			// An IPv6 literal: with a colon in it, InetAddress parses it or fails, and never looks it up. It returns an
			// IPv4-mapped literal (::ffff:10.0.0.1) as the IPv4 address; written with a colon it stays IPv6 here, as
			// the data path keeps the families apart: such a block never matches an IPv4 pod address.
			byte[] address = InetAddress.getByName(text).getAddress();
			if (address.length == 4) {
				byte[] mapped = new byte[16];
				mapped[10] = (byte) 0xFF;
				mapped[11] = (byte) 0xFF;
				System.arraycopy(address, 0, mapped, 12, 4);
				return mapped;
			}
			return address;
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address", ex);
		}
	}

	static Cidr parse(String text) {
		int slash = text.indexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException("'" + text + "' is not a CIDR block (address/prefix)");
		}
		byte[] address = address(text.substring(0, slash));
		// Plain decimal digits, as Go's ParseCIDR reads them: Integer.parseInt would also take "+8" and "٨".
		String length = text.substring(slash + 1);
		if (!PREFIX.matcher(length).matches()) {
			throw new IllegalArgumentException("'" + text + "' has no numeric prefix length (decimal digits 0-"
					+ address.length * 8 + ")");
		}
		int prefix = Integer.parseInt(length);
		if (prefix > address.length * 8) {
			throw new IllegalArgumentException("'" + text + "' has a prefix length out of range 0-"
					+ address.length * 8);
		}
		return new Cidr(address, prefix, text);
	}

	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int whole = this.prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return rest == 0 || (address[whole] & mask) == (this.network[whole] & mask);
	}

	/** Whether both blocks are IPv4, or both IPv6. */
	boolean sameFamily(Cidr other) {
		return other.network.length == this.network.length;
	}

	/** Whether every address of {@code other} is in this block. */
	boolean covers(Cidr other) {
		return other.network.length == this.network.length && other.prefix >= this.prefix
				&& contains(other.network);
	}

	/** The block with its host bits cleared, as a packet filter writes it: {@code 10.1.2.3/8} is {@code 10.0.0.0/8}. */
	String canonical() {
		byte[] masked = this.network.clone();
		for (int bit = this.prefix; bit < masked.length * 8; bit++) {
			masked[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
		}
		try {
			// Inet6Address keeps an IPv4-mapped block IPv6, where InetAddress.getByAddress would make it IPv4.
			String address = (masked.length == 4) ? InetAddress.getByAddress(masked).getHostAddress()
					: Inet6Address.getByAddress(null, masked, -1).getHostAddress();
			return address + "/" + this.prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("an address of " + masked.length + " bytes", ex);
		}
	}

	boolean isIpv6() {
		return this.network.length == 16;
	}

	boolean isEverything() {
		return this.prefix == 0;
	}

	/** Whether this block leaves out every public address (so an external name cannot resolve into it). */
	boolean isNonPublic() {
		return NON_PUBLIC.stream().anyMatch((range) -> range.covers(this));
	}

	@Override
	public String toString() {
		return this.text;
	}

}
