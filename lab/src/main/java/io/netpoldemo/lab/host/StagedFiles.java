package io.netpoldemo.lab.host;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.netpoldemo.lab.server.LabServer;
import io.netpoldemo.lab.topology.LabException;

/**
 * What the pods read, staged in {@link LabSettings#staged()} as a node pulls an image: readable by every pod's user
 * whatever the umask and wherever the checkout sits (a folder only its owner can enter, or under {@code /tmp}, which
 * each pod has a private one of). Nothing secret is staged.
 */
final class StagedFiles {

	private final Path root;

	StagedFiles(LabSettings settings) {
		this.root = settings.staged();
	}

	/** Creates the staged folder (and those above it, up to {@code /run/netpol-lab}). */
	void create() {
		createFolder(this.root);
	}

	/**
	 * A copy of a jar: a rebuild of its module while the lab runs must not pull classes out from under a running JVM.
	 * @return the copy
	 */
	Path jar(Path jar) {
		Path copy = this.root.resolve("jars").resolve(jar.getFileName());
		copy(jar, copy);
		return copy;
	}

	/** The class path of the lab's own servers (internet, Argo CD): the JDK and the lab's jar alone. */
	String serverClassPath() {
		Path code;
		try {
			code = Path.of(LabServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException | RuntimeException ex) {
			throw new LabException("cannot find the jar of " + LabServer.class.getName() + ": " + ex.getMessage());
		}
		if (!Files.isRegularFile(code)) {
			// Classes straight from a build directory (tests): nothing to copy.
			return code.toString();
		}
		Path copy = this.root.resolve("jars").resolve(code.getFileName());
		if (!Files.exists(copy)) {
			copy(code, copy);
		}
		return copy.toString();
	}

	/** Where the user service's JVM finds the lab CA's trust store. */
	Path trustStore() {
		return this.root.resolve("truststore.p12");
	}

	/** Stages the trust store the lab's certificates were made with. */
	void trustStore(Path from) {
		copy(from, trustStore());
	}

	/** Where dnsmasq, the cluster DNS pod, reads its configuration. */
	Path dnsConfig() {
		return this.root.resolve("dnsmasq.conf");
	}

	private static void createFolder(Path dir) {
		PodReadable.folders(dir, LabSettings.STAGED_ROOT);
	}

	private static void copy(Path from, Path to) {
		createFolder(to.getParent());
		try {
			Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
		}
		catch (IOException ex) {
			throw new LabException("cannot copy " + from + " to " + to + ": " + ex.getMessage());
		}
	}

}
