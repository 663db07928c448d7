package io.netpoldemo.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The host name, without a DNS lookup when the system already knows it: in a pod whose DNS egress is denied, a
 * reverse lookup at startup would stall the very service that should show the denial.
 */
final class Hostname {

	private static final Path ETC_HOSTNAME = Path.of("/etc/hostname");

	private Hostname() {
	}

	static String of(Map<String, String> env) {
		String fromEnv = env.get("HOSTNAME");
		if (fromEnv != null && !fromEnv.isBlank()) {
			return fromEnv.strip();
		}
		try {
			String fromFile = Files.readString(ETC_HOSTNAME).strip();
			if (!fromFile.isEmpty()) {
				return fromFile;
			}
		}
		catch (IOException ex) {
			// Not Linux, or no such file: fall through to the JDK.
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
