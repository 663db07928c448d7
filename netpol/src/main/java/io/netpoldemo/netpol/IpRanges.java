package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.netpoldemo.netpol.connections.Intervals;

/**
 * The IPv4 address space cut where the policies' ipBlocks begin and end, the way netpol-analyzer cuts it, so that every
 * range behaves alike under every rule and one address of it speaks for all.
 */
final class IpRanges {

	static final long LAST = 0xFFFFFFFFL;

	static final Intervals ALL = Intervals.range(0, LAST);

	private IpRanges() {
	}

	/** The IPv4 addresses an ipBlock holds (its cidr without its excepts); {@code null} for an IPv6 block. */
	static Intervals of(IPBlock block) {
		Cidr cidr = Cidr.parse(block.getCidr());
		if (cidr.network().length != 4) {
			return null;
		}
		Intervals addresses = range(cidr);
		for (String except : (block.getExcept() != null) ? block.getExcept() : List.<String>of()) {
			Cidr hole = Cidr.parse(except);
			if (hole.network().length == 4) {
				addresses = addresses.minus(range(hole));
			}
		}
		return addresses;
	}

	private static Intervals range(Cidr cidr) {
		long network = 0;
		for (byte octet : cidr.network()) {
			network = (network << 8) | (octet & 0xFF);
		}
		long size = 1L << (32 - cidr.prefix());
		long start = network & ~(size - 1) & LAST;
		return Intervals.range(start, start + size - 1);
	}

	/**
	 * Disjoint ranges covering the whole address space, no block straddling a boundary: netpol-analyzer's
	 * {@code DisjointIPBlocks} with the whole space added (smallest blocks first, each new block split from what it
	 * overlaps).
	 */
	static List<Intervals> disjoint(List<Intervals> blocks) {
		List<Intervals> pending = new ArrayList<>(blocks);
		pending.add(ALL);
		pending.sort(Comparator.comparingLong(Intervals::size));
		List<Intervals> result = new ArrayList<>();
		for (Intervals block : pending) {
			Intervals rest = block;
			List<Intervals> added = new ArrayList<>();
			for (int i = 0; i < result.size() && !rest.isEmpty(); i++) {
				Intervals existing = result.get(i);
				Intervals common = existing.intersect(rest);
				if (common.isEmpty()) {
					continue;
				}
				rest = rest.minus(common);
				if (!existing.equals(common)) {
					added.add(common);
					result.set(i, existing.minus(common));
				}
			}
			result.addAll(rest.split());
			result.addAll(added);
		}
		return result;
	}

}
