package io.netpoldemo.netpol;

import java.util.List;
import java.util.Map;

/**
 * One end of a connection as the evaluator sees it.
 *
 * @param kind a pod of the inputs, the assumed cluster DNS pod, a pod the inputs do not contain, or an address
 * outside the cluster
 * @param namespace the pod's namespace ({@code null} outside the cluster)
 * @param name the pod's name, or the host name or address outside the cluster
 * @param labels the pod's labels (incomplete for {@link Kind#UNKNOWN_POD})
 * @param ip the address when known
 * @param ports the container ports, for named-port rules
 */
record Workload(Kind kind, String namespace, String name, Map<String, String> labels, String ip,
		List<ContainerPort> ports) {

	enum Kind {

		POD, ASSUMED_DNS, UNKNOWN_POD, EXTERNAL

	}

	record ContainerPort(String name, int number, Protocol protocol) {
	}

	boolean labelsComplete() {
		return this.kind != Kind.UNKNOWN_POD;
	}

	boolean inCluster() {
		return this.kind != Kind.EXTERNAL;
	}

	String id() {
		return (this.namespace != null) ? this.namespace + "/" + this.name : this.name;
	}

	/** The number of the named container port with that protocol, or -1. */
	int namedPort(String portName, Protocol protocol) {
		for (ContainerPort port : this.ports) {
			if (portName.equals(port.name()) && port.protocol() == protocol) {
				return port.number();
			}
		}
		return -1;
	}

	@Override
	public String toString() {
		return id();
	}

}
