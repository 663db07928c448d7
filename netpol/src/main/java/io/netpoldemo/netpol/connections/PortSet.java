package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of ports of one protocol, 1 to 65535. Immutable; every operation is exact over the whole port space (no
 * sampling), which is what lets {@code list} and {@code diff} speak for every port.
 */
public final class PortSet {

	public static final int MIN = 1;

	public static final int MAX = 65535;

	public static final PortSet NONE = new PortSet(Intervals.EMPTY);

	public static final PortSet ALL = new PortSet(Intervals.range(MIN, MAX));

	private final Intervals ports;

	private PortSet(Intervals ports) {
		this.ports = ports;
	}

	/** The ports from {@code start} to {@code end}, clipped to 1-65535; empty when {@code end < start}. */
	public static PortSet range(int start, int end) {
		return of(Intervals.range(Math.max(MIN, start), Math.min(MAX, end)));
	}

	public static PortSet of(int port) {
		return range(port, port);
	}

	private static PortSet of(Intervals ports) {
		if (ports.isEmpty()) {
			return NONE;
		}
		return ports.is(MIN, MAX) ? ALL : new PortSet(ports);
	}

	public boolean isEmpty() {
		return this.ports.isEmpty();
	}

	public boolean isAll() {
		return this == ALL || this.ports.is(MIN, MAX);
	}

	public boolean contains(int port) {
		return this.ports.contains(port);
	}

	/** The ranges as {@code [start, end]} pairs, in order. */
	public List<int[]> ranges() {
		List<int[]> ranges = new ArrayList<>();
		this.ports.ranges().forEach((range) -> ranges.add(new int[] { (int) range[0], (int) range[1] }));
		return ranges;
	}

	public PortSet union(PortSet other) {
		if (other.isEmpty() || this == other || isAll()) {
			return this;
		}
		return (isEmpty() || other.isAll()) ? other : of(this.ports.union(other.ports));
	}

	public PortSet intersect(PortSet other) {
		if (isEmpty() || other.isAll() || this == other) {
			return this;
		}
		return (other.isEmpty() || isAll()) ? other : of(this.ports.intersect(other.ports));
	}

	/** The ports of this set that {@code other} does not hold. */
	public PortSet minus(PortSet other) {
		return (other.isEmpty() || isEmpty()) ? this : of(this.ports.minus(other.ports));
	}

	/** As netpol-analyzer prints ports: {@code 80,8080-8090}; the whole range is {@code 1-65535}. */
	@Override
	public String toString() {
		return this.ports.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PortSet set && this.ports.equals(set.ports);
	}

	@Override
	public int hashCode() {
		return this.ports.hashCode();
	}

}
