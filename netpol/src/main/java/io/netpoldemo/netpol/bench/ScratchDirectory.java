package io.netpoldemo.netpol.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary directory for a benchmark's generated YAML, removed with its files when closed. */
final class ScratchDirectory implements AutoCloseable {

	private final Path directory;

	ScratchDirectory() throws IOException {
		this.directory = Files.createTempDirectory("netpol-bench");
	}

	/** Writes a file into the directory. */
	Path write(String name, String text) throws IOException {
		return Files.writeString(this.directory.resolve(name), text);
	}

	@Override
	public void close() throws IOException {
		try (var files = Files.list(this.directory)) {
			for (Path path : files.toList()) {
				Files.delete(path);
			}
		}
		Files.delete(this.directory);
	}

}
