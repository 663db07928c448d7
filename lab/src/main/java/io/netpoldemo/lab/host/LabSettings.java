package io.netpoldemo.lab.host;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where one lab keeps its files and what it runs with.
 *
 * @param prefix the prefix of every network namespace name, e.g. {@code npd-}
 * @param stateDir the lab's own directory: logs, PIDs, certificates, DNS configuration, active policies, and the
 * cluster file the user service reads its expectations from
 * @param repository the repository root, holding the modules whose jars the pods run
 * @param manifests the kustomization directory the lab runs
 * @param java the java executable the pods' JVMs run with
 * @param classPath the class path of the lab module, for its own small servers
 * @param readyTimeout how long {@code up} waits for every pod to be ready
 */
public record LabSettings(String prefix, Path stateDir, Path repository, Path manifests, Path java, String classPath,
		Duration readyTimeout) {

	/** Where {@code ip netns exec} finds the files it mounts over {@code /etc} (resolv.conf, hosts) per namespace. */
	static final Path NETNS_ETC = Path.of("/etc/netns");

	/** The parent of every lab's staged files. */
	static final Path STAGED_ROOT = Path.of("/run/netpol-lab");

	/**
	 * What the pods read, staged where their non-root users can read it, as a node pulls an image: the service jars,
	 * the CA trust store, the cluster file, the DNS configuration. Outside the checkout, which may sit in a folder
	 * only its owner can enter; nothing secret is staged here.
	 */
	Path staged() {
		return STAGED_ROOT.resolve(this.prefix);
	}

	Path logs() {
		return this.stateDir.resolve("logs");
	}

	Path pids() {
		return this.stateDir.resolve("pids");
	}

	Path tls() {
		return this.stateDir.resolve("tls");
	}

	Path activePolicies() {
		return this.stateDir.resolve("policies");
	}

	/** The lab's cluster as the user service's policy evaluator reads it (see {@code checks.expectations}). */
	Path expectedCluster() {
		return staged().resolve("cluster.yaml");
	}

	/** Whether the lab enforces policies: {@code enforcing} or {@code none} (see {@link LabRuntime#cni}). */
	Path cniMode() {
		return this.stateDir.resolve("cni");
	}

	Path shellEnv() {
		return this.stateDir.resolve("lab.env");
	}

	Path jar(String module) {
		return this.repository.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
	}

}
