package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of whole numbers as sorted, disjoint, non-touching closed ranges: the algebra under {@link PortSet} (ports
 * 1-65535) and the address ranges of ipBlocks (IPv4 addresses as numbers). Immutable.
 */
public final class Intervals {

	public static final Intervals EMPTY = new Intervals(new long[0]);

	/** start0, end0, start1, end1, ... */
	private final long[] bounds;

	private Intervals(long[] bounds) {
		this.bounds = bounds;
	}

	/** The numbers from {@code start} to {@code end}; empty when {@code end < start}. */
	public static Intervals range(long start, long end) {
		return (end < start) ? EMPTY : new Intervals(new long[] { start, end });
	}

	public boolean isEmpty() {
		return this.bounds.length == 0;
	}

	/** Whether this is exactly the one range {@code start-end}. */
	public boolean is(long start, long end) {
		return this.bounds.length == 2 && this.bounds[0] == start && this.bounds[1] == end;
	}

	public boolean contains(long value) {
		for (int i = 0; i < this.bounds.length; i += 2) {
			if (value < this.bounds[i]) {
				return false;
			}
			if (value <= this.bounds[i + 1]) {
				return true;
			}
		}
		return false;
	}

	/** How many numbers the set holds. */
	public long size() {
		long size = 0;
		for (int i = 0; i < this.bounds.length; i += 2) {
			size += this.bounds[i + 1] - this.bounds[i] + 1;
		}
		return size;
	}

	public long first() {
		return this.bounds[0];
	}

	/** The ranges as {@code [start, end]} pairs, in order. */
	public List<long[]> ranges() {
		List<long[]> ranges = new ArrayList<>();
		for (int i = 0; i < this.bounds.length; i += 2) {
			ranges.add(new long[] { this.bounds[i], this.bounds[i + 1] });
		}
		return ranges;
	}

	/** Each range as a set of its own. */
	public List<Intervals> split() {
		List<Intervals> parts = new ArrayList<>();
		for (int i = 0; i < this.bounds.length; i += 2) {
			parts.add(range(this.bounds[i], this.bounds[i + 1]));
		}
		return parts;
	}

	public Intervals union(Intervals other) {
		if (other.isEmpty() || this == other) {
			return this;
		}
		if (isEmpty()) {
			return other;
		}
		long[] merged = new long[this.bounds.length + other.bounds.length];
		int count = 0;
		int i = 0;
		int j = 0;
		while (i < this.bounds.length || j < other.bounds.length) {
			long start;
			long end;
			if (j >= other.bounds.length || (i < this.bounds.length && this.bounds[i] <= other.bounds[j])) {
				start = this.bounds[i];
				end = this.bounds[i + 1];
				i += 2;
			}
			else {
				start = other.bounds[j];
				end = other.bounds[j + 1];
				j += 2;
			}
			if (count > 0 && start <= merged[count - 1] + 1) {
				merged[count - 1] = Math.max(merged[count - 1], end);
			}
			else {
				merged[count++] = start;
				merged[count++] = end;
			}
		}
		return of(merged, count);
	}

	public Intervals intersect(Intervals other) {
		if (isEmpty() || this == other) {
			return this;
		}
		if (other.isEmpty()) {
			return other;
		}
		long[] result = new long[this.bounds.length + other.bounds.length];
		int count = 0;
		int i = 0;
		int j = 0;
		while (i < this.bounds.length && j < other.bounds.length) {
			long start = Math.max(this.bounds[i], other.bounds[j]);
			long end = Math.min(this.bounds[i + 1], other.bounds[j + 1]);
			if (start <= end) {
				result[count++] = start;
				result[count++] = end;
			}
			if (this.bounds[i + 1] < other.bounds[j + 1]) {
				i += 2;
			}
			else {
				j += 2;
			}
		}
		return of(result, count);
	}

	public boolean overlaps(Intervals other) {
		return !intersect(other).isEmpty();
	}

	/** The numbers of this set that {@code other} does not hold. */
	public Intervals minus(Intervals other) {
		if (isEmpty() || other.isEmpty()) {
			return this;
		}
		long[] result = new long[this.bounds.length + other.bounds.length];
		int count = 0;
		int j = 0;
		for (int i = 0; i < this.bounds.length; i += 2) {
			long start = this.bounds[i];
			long end = this.bounds[i + 1];
			while (j < other.bounds.length && other.bounds[j + 1] < start) {
				j += 2;
			}
			int k = j;
			while (start <= end && k < other.bounds.length && other.bounds[k] <= end) {
				if (other.bounds[k] > start) {
					result[count++] = start;
					result[count++] = other.bounds[k] - 1;
				}
				start = Math.max(start, other.bounds[k + 1] + 1);
				k += 2;
			}
			if (start <= end) {
				result[count++] = start;
				result[count++] = end;
			}
		}
		return of(result, count);
	}

	private static Intervals of(long[] bounds, int count) {
		return (count == 0) ? EMPTY : new Intervals(Arrays.copyOf(bounds, count));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Intervals intervals && Arrays.equals(this.bounds, intervals.bounds);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bounds);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < this.bounds.length; i += 2) {
			if (i > 0) {
				text.append(',');
			}
			text.append(this.bounds[i]);
			if (this.bounds[i + 1] != this.bounds[i]) {
				text.append('-').append(this.bounds[i + 1]);
			}
		}
		return text.toString();
	}

}
