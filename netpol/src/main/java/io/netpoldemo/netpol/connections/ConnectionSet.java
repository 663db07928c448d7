package io.netpoldemo.netpol.connections;

import java.util.ArrayList;
import java.util.List;

import io.netpoldemo.netpol.Protocol;

/**
 * The ports of each protocol (TCP, UDP, SCTP) a connection may use. Immutable. Printed as netpol-analyzer prints a
 * connection: {@code All Connections}, {@code No Connections}, or {@code TCP 80,8080-8090,UDP 53} (protocols in
 * alphabetical order, so SCTP before TCP before UDP).
 */
public final class ConnectionSet {

	public static final ConnectionSet NONE = new ConnectionSet(PortSet.NONE, PortSet.NONE, PortSet.NONE);

	public static final ConnectionSet ALL = new ConnectionSet(PortSet.ALL, PortSet.ALL, PortSet.ALL);

	/** Indexed by {@link Protocol#ordinal()}. */
	private final PortSet[] ports;

	/** The printed form, once asked for: a list prints the same few sets millions of times. */
	private String text;

	private ConnectionSet(PortSet tcp, PortSet udp, PortSet sctp) {
		this.ports = new PortSet[] { tcp, udp, sctp };
	}

	private ConnectionSet(PortSet[] ports) {
		this.ports = ports;
	}

	public static ConnectionSet of(Protocol protocol, PortSet ports) {
		PortSet[] all = { PortSet.NONE, PortSet.NONE, PortSet.NONE };
		all[protocol.ordinal()] = ports;
		return canonical(all);
	}

	public PortSet ports(Protocol protocol) {
		return this.ports[protocol.ordinal()];
	}

	public boolean contains(Protocol protocol, int port) {
		return this.ports[protocol.ordinal()].contains(port);
	}

	public boolean isEmpty() {
		return this == NONE || (this.ports[0].isEmpty() && this.ports[1].isEmpty() && this.ports[2].isEmpty());
	}

	public boolean isAll() {
		return this == ALL || (this.ports[0].isAll() && this.ports[1].isAll() && this.ports[2].isAll());
	}

	public ConnectionSet union(ConnectionSet other) {
		if (other.isEmpty() || isAll() || this == other) {
			return this;
		}
		if (isEmpty() || other.isAll()) {
			return other;
		}
		return combine(other, PortSet::union);
	}

	public ConnectionSet intersect(ConnectionSet other) {
		if (isEmpty() || other.isAll() || this == other) {
			return this;
		}
		if (other.isEmpty() || isAll()) {
			return other;
		}
		return combine(other, PortSet::intersect);
	}

	public ConnectionSet minus(ConnectionSet other) {
		if (other.isEmpty() || isEmpty()) {
			return this;
		}
		return combine(other, PortSet::minus);
	}

	private ConnectionSet combine(ConnectionSet other, java.util.function.BinaryOperator<PortSet> operation) {
		PortSet[] result = new PortSet[3];
		for (int i = 0; i < 3; i++) {
			result[i] = operation.apply(this.ports[i], other.ports[i]);
		}
		return canonical(result);
	}

	private static ConnectionSet canonical(PortSet[] ports) {
		if (ports[0].isEmpty() && ports[1].isEmpty() && ports[2].isEmpty()) {
			return NONE;
		}
		if (ports[0].isAll() && ports[1].isAll() && ports[2].isAll()) {
			return ALL;
		}
		return new ConnectionSet(ports);
	}

	/** The protocols with at least one port, in the order netpol-analyzer prints them (SCTP, TCP, UDP). */
	public List<Protocol> protocols() {
		List<Protocol> protocols = new ArrayList<>();
		for (Protocol protocol : List.of(Protocol.SCTP, Protocol.TCP, Protocol.UDP)) {
			if (!ports(protocol).isEmpty()) {
				protocols.add(protocol);
			}
		}
		return protocols;
	}

	@Override
	public String toString() {
		if (this.text == null) {
			this.text = text();
		}
		return this.text;
	}

	private String text() {
		if (isAll()) {
			return "All Connections";
		}
		if (isEmpty()) {
			return "No Connections";
		}
		List<String> parts = new ArrayList<>();
		for (Protocol protocol : protocols()) {
			parts.add(protocol.name() + " " + ports(protocol));
		}
		return String.join(",", parts);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ConnectionSet set && this.ports[0].equals(set.ports[0])
				&& this.ports[1].equals(set.ports[1]) && this.ports[2].equals(set.ports[2]);
	}

	@Override
	public int hashCode() {
		return (this.ports[0].hashCode() * 31 + this.ports[1].hashCode()) * 31 + this.ports[2].hashCode();
	}

}
