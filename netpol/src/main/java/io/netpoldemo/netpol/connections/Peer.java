package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.List;

/**
 * One end of a listed connection: a workload (a Pod counts as the controller its {@code ownerReferences} name), or a
 * range of addresses outside the cluster, split where the policies' ipBlocks begin and end.
 *
 * namespace: the workload's namespace ({@code null} for addresses)
 * name: the workload's name, or the address ranges ({@code 0.0.0.0-9.255.255.255})
 * kind: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or CronJob; {@code External} for addresses
 * addresses: the IPv4 addresses as numbers ({@code null} for a workload)
 */
public final class Peer {

	public static final String EXTERNAL = "External";

	private final String namespace;

	private final String name;

	private final String kind;

	private final Intervals addresses;

	/** As printed, computed once: a list prints each peer once per pair. */
	private final String text;

	public Peer(String namespace, String name, String kind, Intervals addresses) {
		this.namespace = namespace;
		this.name = name;
		this.kind = kind;
		this.addresses = addresses;
		this.text = ((namespace != null) ? namespace + "/" + name : name) + "[" + kind + "]";
	}

	public String namespace() {
		return this.namespace;
	}

	public String name() {
		return this.name;
	}

	public String kind() {
		return this.kind;
	}

	public Intervals addresses() {
		return this.addresses;
	}

	public static Peer workload(String namespace, String name, String kind) {
		return new Peer(namespace, name, kind, null);
	}

	/** Addresses outside the cluster, named as netpol-analyzer names them. */
	public static Peer external(Intervals addresses) {
		List<String> ranges = new ArrayList<>();
		for (long[] range : addresses.ranges()) {
			ranges.add(address(range[0]) + "-" + address(range[1]));
		}
		return new Peer(null, String.join(", ", ranges), EXTERNAL, addresses);
	}

	/** The first address of an address range, which speaks for the range. */
	public String firstAddress() {
		return address(this.addresses.first());
	}

	private static String address(long value) {
		return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
	}

	public boolean isExternal() {
		return EXTERNAL.equals(this.kind);
	}

	/** {@code namespace/name} for a workload, the ranges for addresses. */
	public String id() {
		return isExternal() ? this.name : this.namespace + "/" + this.name;
	}

	/** The node label of a graph: {@code name[Kind]} inside its namespace's box, the ranges for addresses. */
	public String label() {
		return this.name + "[" + this.kind + "]";
	}

	/** As netpol-analyzer prints it: {@code ns/name[Deployment]} or {@code 0.0.0.0-255.255.255.255[External]}. */
	@Override
	public String toString() {
		return this.text;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Peer peer && this.text.equals(peer.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

}
