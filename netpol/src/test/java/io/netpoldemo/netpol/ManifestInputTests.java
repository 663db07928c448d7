package io.netpoldemo.netpol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Inputs are bounded before any YAML parser sees them, and every file problem is an error naming the path. */
class ManifestInputTests {

	@TempDir
	Path directory;

	@Test
	void fileOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
		// 20 MB on one line, sparse: what SnakeYAML would take minutes over is refused from its size alone.
		Path file = this.directory.resolve("big.yaml");
		try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
			big.setLength(20_000_000);
		}
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> ManifestLoader.load(List.of(file)))
			.withMessage(file + ": larger than the limit of 16 MiB (16777216 bytes); split the manifests into several"
					+ " files");
	}

	@Test
	void lineOverTheLimitIsRefusedBeforeParsing() throws IOException {
		Path file = this.directory.resolve("long.yaml");
		Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\ndata: {a: " + "x".repeat(ManifestLoader.MAX_LINE) + "}\n");
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> ManifestLoader.load(List.of(file)))
			.withMessageStartingWith(file + ": line 3 is longer than the limit of 1 MiB (1048576 bytes)");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void devicesAreRefusedAtOnce() {
		for (String device : List.of("/dev/zero", "/dev/null", "/dev/urandom")) {
			assertThatExceptionOfType(ManifestException.class)
				.isThrownBy(() -> ManifestLoader.load(List.of(Path.of(device))))
				.withMessage(device + ": not a regular file (a device, FIFO or socket): netpol reads YAML files and"
						+ " directories, or standard input with -f -");
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void fifoIsRefusedWithoutOpeningIt() throws Exception {
		// Opening a FIFO with no writer would block for ever: it must be refused from its type alone, also inside a
		// directory.
		Path fifo = this.directory.resolve("policies.yaml");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
		for (Path input : List.of(fifo, this.directory)) {
			assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> ManifestLoader.load(List.of(input)))
				.withMessageStartingWith(fifo + ": not a regular file");
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void fileThatFailsToReadIsNamed() {
		// A regular file whose read fails even for root: the error names the path, never an UncheckedIOException.
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.load(List.of(Path.of("/proc/self/mem"))))
			.withMessage("/proc/self/mem: cannot read the file (Input/output error)");
	}

	// An unreadable file or directory: BinNetpolIntegrationTests runs the command as a user the permissions apply to
	// (as nobody when the tests run as root, who reads whatever the permissions say).

	@Test
	void standardInputIsReadWithTheSameBounds() {
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.read(List.of(ManifestLoader.STDIN), "default", endless((byte) 0)))
			.withMessageStartingWith("<stdin>: line 1 is longer than the limit of 1 MiB");
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.read(List.of(ManifestLoader.STDIN), "default", endless((byte) '\n')))
			.withMessageStartingWith("<stdin>: larger than the limit of 16 MiB");
	}

	@Test
	void standardInputIsReadOnce() {
		Manifests manifests = ManifestLoader.read(List.of(ManifestLoader.STDIN), "demo",
				new ByteArrayInputStream("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n".getBytes()));
		assertThat(manifests.cluster().pods()).extracting((pod) -> pod.getMetadata().getNamespace() + "/"
				+ pod.getMetadata().getName()).containsExactly("demo/p");
		assertThatExceptionOfType(ManifestException.class)
			.isThrownBy(() -> ManifestLoader.read(List.of(ManifestLoader.STDIN, ManifestLoader.STDIN), "demo",
					new ByteArrayInputStream(new byte[0])))
			.withMessage("<stdin>: standard input named twice; name - once");
	}

	@Test
	void textThatIsNotUtf8IsNamed() throws IOException {
		Path file = Files.write(this.directory.resolve("latin1.yaml"), new byte[] { 'a', ':', ' ', (byte) 0xE9 });
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> ManifestLoader.load(List.of(file)))
			.withMessage(file + ": not UTF-8 text; Kubernetes manifests are UTF-8 YAML");
	}

	/** A stream that never ends, as /dev/zero or {@code yes} piped in. */
	private static InputStream endless(byte value) {
		return new InputStream() {

			@Override
			public int read() {
				return value;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				java.util.Arrays.fill(buffer, offset, offset + length, value);
				return length;
			}

		};
	}

}
