package io.netpoldemo.lab.matrix;

import java.util.List;
import java.util.Optional;

import io.netpoldemo.netpol.Protocol;

/**
 * One pod of a matrix lab: a workload of the manifests, its own network namespace and address, and the ports its
 * agent serves.
 *
 * @param id {@code namespace/name}, as the evaluator names it
 * @param netns the network namespace it runs in
 * @param ip its address: the manifest's {@code status.podIP}, or one of the lab's range
 * @param ports every declared container port (init containers included, as the evaluator reads them)
 */
record MatrixPod(String id, String netns, String ip, List<ServedPort> ports) {

	MatrixPod {
		ports = List.copyOf(ports);
	}

	/** A pod that declares no port listens nowhere: the matrix probes from it only. */
	boolean sourceOnly() {
		return this.ports.isEmpty();
	}

	/** Whether the agent serves that port number on that protocol. */
	boolean serves(int number, Protocol protocol) {
		return this.ports.stream().anyMatch((port) -> port.number() == number && port.protocol() == protocol);
	}

	Optional<ServedPort> port(int number, Protocol protocol) {
		return this.ports.stream().filter((port) -> port.number() == number && port.protocol() == protocol).findFirst();
	}

}
