package io.netpoldemo.netpol.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/netpol} as a person runs it: the script, the self-contained jar, exit codes. */
class BinNetpolIntegrationTests {

	private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	@Test
	void reachabilityJsonMatchesTheUpstreamExpectations() throws Exception {
		Run run = netpol("reachability", "-f", NetpolCommandTests.resource("xyz/model.yaml"),
				NetpolCommandTests.resource("xyz/deny-ingress-allow-y.yaml"), "-o", "json");
		assertThat(run.code()).as(run.err()).isZero();
		JsonNode json = new ObjectMapper().readTree(run.out());
		// Upstream: x/a accepts only namespace y (and itself); z/b sends nothing (but to itself).
		for (JsonNode pair : json.get("pairs")) {
			String from = pair.get("from").textValue();
			String to = pair.get("to").textValue();
			if (from.equals(to)) {
				continue;
			}
			boolean expected = !from.equals("z/b") && (!to.equals("x/a") || from.startsWith("y/"));
			assertThat(pair.get("allowed").booleanValue()).as("%s -> %s", from, to).isEqualTo(expected);
		}
		assertThat(json.get("pairs")).hasSize(81);
	}

	@Test
	void explainOfTheDemoManifestsSaysEveryNameFailsAtDnsWithoutADnsRule() throws Exception {
		List<String> files = new ArrayList<>();
		try (var paths = Files.list(ROOT.resolve("k8s"))) {
			paths.filter((path) -> path.toString().endsWith(".yaml")).forEach((path) -> files.add(path.toString()));
		}
		List<String> args = new ArrayList<>(List.of("explain", "-n", "netpol-demo", "--brief", "--from",
				"netpol-demo/app=user-app-pod", "--to", "auth=http://auth-app-service:8124/authenticate",
				"github=https://api.github.com/users/octocat", "-f"));
		args.addAll(files);
		args.add(ROOT.resolve("k8s/policies/user-specific-rules.yaml").toString());
		Run run = netpol(args.toArray(String[]::new));
		assertThat(run.code()).as(run.err()).isZero();
		assertThat(run.out().lines().filter((line) -> line.contains("DENIED    DNS      name resolution fails"))
			.filter((line) -> line.contains("missing rule: egress to namespaceSelector kubernetes.io/metadata.name="
					+ "kube-system podSelector k8s-app=kube-dns on UDP 53 and TCP 53"))).hasSize(2);
	}

	@Test
	void lintExitCodeIsOneWithFindings() throws Exception {
		Run run = netpol("lint", "-n", "netpol-demo", "-f", NetpolCommandTests.resource("demo/services.yaml"),
				NetpolCommandTests.resource("demo/policies/user-default-deny.yaml"));
		assertThat(run.code()).isEqualTo(1);
		assertThat(run.out()).startsWith("DNS_BLOCKED netpol-demo/user-app");
	}

	@Test
	void invalidInputExitCodeIsTwoWithFileDocumentAndField() throws Exception {
		String file = NetpolCommandTests.resource("invalid/wrong-type.yaml");
		Run run = netpol("lint", "-f", file);
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains(file + ", document 2, field spec.ports[0].port: expected an integer");
	}

	/**
	 * A file and a directory their reader may not read: exit 2 and the path, never a stack trace. Root reads whatever
	 * the permissions say, so as root the command runs as {@code nobody} (65534), from a copy of the jar it can read.
	 */
	@Test
	void unreadableFileAndDirectoryExitTwoWithThePath(@TempDir Path directory) throws Exception {
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path jar = Files.copy(ROOT.resolve("netpol/target/netpol-0.1.0-SNAPSHOT-cli.jar"), directory.resolve("netpol.jar"));
		Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
		Path inputs = Files.createDirectory(directory.resolve("inputs"));
		Files.setPosixFilePermissions(inputs, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path file = Files.writeString(inputs.resolve("policy.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
		Path closed = Files.createDirectory(inputs.resolve("closed"));
		Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("-wx------"));
		boolean root = "root".equals(System.getProperty("user.name"));
		List<String> asReader = root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// No /tmp/hsperfdata_nobody left behind.
		String noPerfData = "-XX:-UsePerfData";

		List<String> lintFile = new ArrayList<>(asReader);
		lintFile.addAll(List.of(java, noPerfData, "-jar", jar.toString(), "lint", "-f", file.toString()));
		Run unreadableFile = run(lintFile);
		assertThat(unreadableFile.code()).as(unreadableFile.err()).isEqualTo(2);
		assertThat(unreadableFile.err()).contains(file + ": cannot read the file (permission denied)")
			.doesNotContain("Exception");

		Files.delete(file);
		List<String> lintDirectory = new ArrayList<>(asReader);
		lintDirectory.addAll(List.of(java, noPerfData, "-jar", jar.toString(), "lint", "-f", inputs.toString()));
		Run unreadableDirectory = run(lintDirectory);
		assertThat(unreadableDirectory.code()).as(unreadableDirectory.err()).isEqualTo(2);
		assertThat(unreadableDirectory.err()).contains(closed + ": cannot list the directory (permission denied)")
			.doesNotContain("Exception");
		Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
	}

	private record Run(int code, String out, String err) {
	}

	private static Run netpol(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ROOT.resolve("bin/netpol").toString());
		command.addAll(List.of(args));
		return run(command);
	}

	private static Run run(List<String> command) throws IOException, InterruptedException {
		Path out = Files.createTempFile("netpol-out", ".txt");
		Path err = Files.createTempFile("netpol-err", ".txt");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("bin/netpol did not finish within 120 s: " + command);
			}
			return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

}
