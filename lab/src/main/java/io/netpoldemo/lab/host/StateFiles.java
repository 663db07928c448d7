package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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

	/**
	 * Writes a file that another process reads while the lab runs: a temporary file beside it, renamed over it, so a
	 * reader sees the old content or the new, never half of it. Readable by every user, since the pods run as their
	 * manifests' non-root users.
	 */
	static void replace(Path file, String content) {
		Path temporary = null;
		try {
			Files.createDirectories(file.getParent());
			temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
			Files.writeString(temporary, content);
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new LabException("cannot write " + file + ": " + ex.getMessage());
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					// Left behind only if the rename failed too; lab down removes the state directory.
				}
			}
		}
	}

}
