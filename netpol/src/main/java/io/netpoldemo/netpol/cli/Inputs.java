package io.netpoldemo.netpol.cli;

import java.nio.file.Path;
import java.util.List;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import picocli.CommandLine.Option;

/** The manifests every subcommand reads. */
final class Inputs {

	@Option(names = { "-f", "--filename" }, required = true, arity = "1..*", paramLabel = "PATH",
			description = "YAML files or directories (recursively): Namespace, Pod, Deployment, Service, NetworkPolicy.")
	List<Path> paths;

	@Option(names = { "-n", "--namespace" }, defaultValue = ManifestLoader.DEFAULT_NAMESPACE,
			description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}; a kustomization.yaml "
					+ "namespace beside a file wins).")
	String namespace;

	Cluster load() {
		return ManifestLoader.load(this.paths, this.namespace);
	}

}
