package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestException;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;

/**
 * The objects the verdicts depend on, read from Kubernetes YAML files and directories with netpol's
 * {@link ManifestLoader}: how the lab, which has no API server, tells the user service what is in force. The files are
 * parsed again only when one of them changed (its modification time, size or inode, or the list of files), and that is
 * looked at as a round of checks starts and otherwise no more often than {@code recheck}, so a round costs a few
 * {@code stat} calls.
 * <p>
 * A file that stops loading (half edited, invalid) does not wipe the state: the last good one stays in use and
 * {@link #interrupted()} says why, as an interrupted watch does in the cluster.
 */
final class ManifestState implements PolicyState {

	private final List<Path> paths;

	private final long recheckNanos;

	private final LongSupplier nanoTime;

	private Loaded loaded;

	private String failure;

	private List<String> attempted;

	private long checkedAt;

	private boolean checkedOnce;

	private int parses;

	ManifestState(List<Path> paths, Duration recheck) {
		this(paths, recheck, System::nanoTime);
	}

	ManifestState(List<Path> paths, Duration recheck, LongSupplier nanoTime) {
		this.paths = List.copyOf(paths);
		this.recheckNanos = recheck.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public Snapshot evaluator() {
		synchronized (this) {
			refreshIfDue();
			if (this.loaded == null) {
				return Snapshot.unavailable("cannot load the policy manifests: " + this.failure);
			}
			return new Snapshot(this.loaded.evaluator(), this.loaded.cluster(), null);
		}
	}

	@Override
	public synchronized String interrupted() {
		if (this.loaded == null || this.failure == null) {
			return null;
		}
		return this.failure + "; the last files that loaded are used";
	}

	@Override
	public synchronized List<Pod> pods() {
		return (this.loaded != null) ? this.loaded.cluster().pods() : List.of();
	}

	@Override
	public synchronized List<NetworkPolicy> policies() {
		return (this.loaded != null) ? this.loaded.cluster().policies() : List.of();
	}

	@Override
	public String origin() {
		return "the pods of " + this.paths.stream().map(Path::toString).collect(Collectors.joining(", "));
	}

	/**
	 * How many times the files were parsed, successfully or not.
	 * @return the number of parses
	 */
	synchronized int parses() {
		return this.parses;
	}

	@Override
	public synchronized void refresh() {
		look(this.nanoTime.getAsLong());
	}

	private void refreshIfDue() {
		long now = this.nanoTime.getAsLong();
		if (!this.checkedOnce || now - this.checkedAt >= this.recheckNanos) {
			look(now);
		}
	}

	private void look(long now) {
		this.checkedOnce = true;
		this.checkedAt = now;
		List<String> fingerprint = fingerprint();
		if (fingerprint.equals(this.attempted)) {
			return;
		}
		this.attempted = fingerprint;
		this.parses++;
		try {
			Cluster cluster = ManifestLoader.load(this.paths);
			this.loaded = new Loaded(cluster, new PolicyEvaluator(cluster));
			this.failure = null;
		}
		catch (ManifestException ex) {
			// The message names the file, the document and the field.
			this.failure = ex.getMessage();
		}
	}

	/** One line per file: what changes when a file is written, replaced by a rename, added or removed. */
	private List<String> fingerprint() {
		List<String> lines = new ArrayList<>();
		for (Path path : this.paths) {
			if (!Files.isDirectory(path)) {
				lines.add(describe(path));
				continue;
			}
			try (Stream<Path> walk = Files.walk(path)) {
				walk.filter(Files::isRegularFile)
					.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
					.sorted(Comparator.comparing(Path::toString))
					.forEach((file) -> lines.add(describe(file)));
			}
			catch (IOException | RuntimeException ex) {
				lines.add(path + " unlistable " + ex.getMessage());
			}
		}
		return lines;
	}

	private static String describe(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return file + " " + attributes.lastModifiedTime().toInstant() + " " + attributes.size() + " "
					+ attributes.fileKey();
		}
		catch (IOException ex) {
			return file + " missing";
		}
	}

	private record Loaded(Cluster cluster, PolicyEvaluator evaluator) {
	}

}
