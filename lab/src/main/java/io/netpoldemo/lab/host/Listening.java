package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a TCP port listens in the network namespace of a process, read from the kernel's socket table of that
 * namespace ({@code /proc/PID/net/tcp} and {@code tcp6}) without starting any process: the cheap first step of a
 * readiness probe, polled while the pods' JVMs start.
 */
final class Listening {

	/** The state of a listening socket in the kernel's table. */
	private static final String LISTEN = "0A";

	private Listening() {
	}

	/**
	 * @param pid a process in the namespace, or a negative number when there is none (then the answer is "maybe")
	 * @param port the TCP port
	 * @return {@code false} only when the table was read and nothing listens on the port
	 */
	static boolean on(long pid, int port) {
		if (pid < 0) {
			return true;
		}
		String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
		boolean read = false;
		for (String table : List.of("tcp", "tcp6")) {
			List<String> lines;
			try {
				lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
			}
			catch (IOException | RuntimeException ex) {
				continue;
			}
			read = true;
			for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 3 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3])) {
					return true;
				}
			}
		}
		// A table that cannot be read (the process is gone, another kernel): let the probe itself decide.
		return !read;
	}

}
