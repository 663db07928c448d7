package io.netpoldemo.lab.matrix;

import io.netpoldemo.lab.topology.LabException;

/**
 * An IPv4 block the matrix lab hands addresses out of, the way a CNI's IPAM hands out a node's pod CIDR.
 *
 * @param cidr the block as written
 * @param base the network address as a number
 * @param size how many host addresses it holds (network and broadcast addresses left out)
 */
record AddressRange(String cidr, long base, int size) {

	/**
	 * @param cidr {@code a.b.c.d/len}, a prefix length from 16 to 30
	 * @throws LabException with exit code 2 when it is not one
	 */
	static AddressRange parse(String cidr) {
		String[] parts = cidr.split("/");
		if (parts.length != 2 || !parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}") || !parts[1].matches("\\d{1,2}")) {
			throw new LabException("address range '" + cidr + "' is not an IPv4 CIDR such as 10.250.0.0/24", 2);
		}
		int length = Integer.parseInt(parts[1]);
		if (length < 16 || length > 30) {
			throw new LabException("address range '" + cidr + "': give a prefix length from /16 to /30", 2);
		}
		long address = 0;
		for (String octet : parts[0].split("\\.")) {
			int value = Integer.parseInt(octet);
			if (value > 255) {
				throw new LabException("address range '" + cidr + "' is not an IPv4 CIDR such as 10.250.0.0/24", 2);
			}
			address = (address << 8) | value;
		}
		long mask = (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
		return new AddressRange(cidr, address & mask, (1 << (32 - length)) - 2);
	}

	/** The {@code index}th host address (from 0). */
	String address(int index) {
		if (index < 0 || index >= this.size) {
			throw new IndexOutOfBoundsException("address " + index + " of " + this.cidr + ", which holds " + this.size);
		}
		long address = this.base + 1 + index;
		return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
				+ (address & 0xFF);
	}

}
