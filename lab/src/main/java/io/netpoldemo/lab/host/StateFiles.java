package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netpoldemo.lab.topology.LabException;

/** Writes the lab's own files (state directory, {@code /etc/netns}), with errors that name the file. */
final class StateFiles {

	private StateFiles() {
	}

	static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new LabException("cannot write " + file + ": " + ex.getMessage());
		}
	}

}
