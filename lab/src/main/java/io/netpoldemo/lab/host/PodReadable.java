package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import io.netpoldemo.lab.topology.LabException;

/**
 * Files the pods' unprivileged users read, whatever the umask of whoever made them: the staged jars, the AOT
 * caches, the matrix lab's agent. Nothing secret goes through here.
 */
public final class PodReadable {

	private PodReadable() {
	}

	/**
	 * Creates a folder and every folder above it up to {@code root}, each one enterable and readable by all.
	 * @param dir the folder
	 * @param root the highest folder to create and open, an ancestor of {@code dir} or {@code dir} itself
	 */
	static void folders(Path dir, Path root) {
		try {
			for (Path folder = dir; folder.startsWith(root); folder = folder.getParent()) {
				Files.createDirectories(folder);
				Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
		catch (IOException ex) {
			throw new LabException("cannot create " + dir + ": " + ex.getMessage());
		}
	}

	/**
	 * Opens a folder and everything below it to every user: folders {@code rwxr-xr-x}, files {@code rw-r--r--}.
	 * @param dir the folder
	 * @throws IOException when a file cannot be read or changed
	 */
	public static void tree(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.toList()) {
				Files.setPosixFilePermissions(file,
						PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
			}
		}
	}

}
