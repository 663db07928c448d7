package io.netpoldemo.lab.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the lab's node needs from the machine (Linux, root, ip, nft, setpriv, the right to make network namespaces):
 * tests skip without it, except under CI=true, where they fail.
 */
public final class HostRequirements {

	private HostRequirements() {
	}

	public static void require(String what) {
		List<String> missing = new ArrayList<>();
		if (!System.getProperty("os.name").equals("Linux")) {
			missing.add("Linux");
		}
		else if (!"root".equals(System.getProperty("user.name"))) {
			missing.add("root");
		}
		for (String tool : List.of("ip", "nft", "setpriv")) {
			if (!succeeds("sh", "-c", "command -v " + tool)) {
				missing.add(tool);
			}
		}
		if (missing.isEmpty() && !succeeds("sh", "-c", "ip netns add npmprobe && ip netns del npmprobe")) {
			missing.add("the right to create network namespaces (CAP_SYS_ADMIN; a container needs --privileged)");
		}
		if (missing.isEmpty()) {
			return;
		}
		String message = what + " need " + String.join(", ", missing);
		if ("true".equals(System.getenv("CI"))) {
			fail(message + " (CI=true: they must run)");
		}
		Assumptions.abort(message + "; skipped");
	}

	private static boolean succeeds(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
