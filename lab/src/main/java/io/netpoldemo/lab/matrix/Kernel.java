package io.netpoldemo.lab.matrix;

import java.nio.file.Files;
import java.nio.file.Path;

import io.netpoldemo.lab.topology.LabException;

/** What the matrix lab needs from the machine, asked before anything is built. */
final class Kernel {

	private Kernel() {
	}

	/** Whether the kernel speaks SCTP: its sysctl directory exists once the module is loaded or built in. */
	static boolean hasSctp() {
		return Files.isDirectory(Path.of("/proc/sys/net/sctp"));
	}

	static void requireRoot() {
		if (!"root".equals(System.getProperty("user.name"))) {
			throw new LabException("the matrix lab creates network namespaces and nftables rules, which needs root:"
					+ " run it with sudo", MatrixCommand.CANNOT_RUN);
		}
	}

}
