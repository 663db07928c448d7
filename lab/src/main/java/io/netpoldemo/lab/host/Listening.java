package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a TCP port listens in the network namespace of a process, read from the kernel's socket table of that
 * namespace ({@code /proc/PID/net/tcp} and {@code tcp6}) without starting any process: the cheap first step of a
 * readiness probe, polled while the pods' JVMs start.
 *
 * <p>
 * Those tables cost more than their size suggests: to list one namespace's sockets, the kernel walks the host's whole
 * table of established connections (262,144 buckets on a machine with 24 GiB of memory), whichever namespace asks.
 * Read for every pod every 100 ms while the JVMs start, that took about 0.4 s of the lab's CPU on 2 cores. So the
 * namespace's socket counters come first ({@code /proc/PID/net/sockstat} and {@code sockstat6}, a few counters): a
 * namespace with no TCP socket in use listens on nothing, which is how a pod's namespace stays until its server starts.
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
		if (tcpSocketsInUse(pid) == 0) {
			return false;
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

	/**
	 * The TCP sockets in use in the namespace of a process, IPv4 and IPv6 (listening or connected), from its socket
	 * counters.
	 * @param pid a process in the namespace
	 * @return the count, or -1 when the counters cannot be read (the process is gone, another kernel)
	 */
	static long tcpSocketsInUse(long pid) {
		long inUse = 0;
		for (String counters : List.of("sockstat", "sockstat6")) {
			String text;
			try {
				text = Files.readString(Path.of("/proc", Long.toString(pid), "net", counters));
			}
			catch (NoSuchFileException ex) {
				if (counters.equals("sockstat6")) {
					continue; // a kernel without IPv6 has no IPv6 socket
				}
				return -1;
			}
			catch (IOException | RuntimeException ex) {
				return -1;
			}
			long count = tcpInUse(text);
			if (count < 0) {
				return -1;
			}
			inUse += count;
		}
		return inUse;
	}

	/**
	 * @param sockstat the text of {@code /proc/net/sockstat} or {@code sockstat6}
	 * @return the count of its {@code TCP: inuse N} or {@code TCP6: inuse N} line, or -1 when it has none
	 */
	static long tcpInUse(String sockstat) {
		for (String line : sockstat.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 2 && (fields[0].equals("TCP:") || fields[0].equals("TCP6:")) && fields[1].equals("inuse")) {
				try {
					return Long.parseLong(fields[2]);
				}
				catch (NumberFormatException ex) {
					return -1;
				}
			}
		}
		return -1;
	}

}
