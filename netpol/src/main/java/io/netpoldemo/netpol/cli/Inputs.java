package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.PolicyLinter;
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

	/**
	 * Loads the inputs into an evaluator and warns about policies that select no pod: a verdict that ignores a policy the user meant
	 * to test is the most misleading answer this tool can give, and a policy file without a namespace, read without
	 * {@code -n}, lands in {@code default} exactly as {@code kubectl apply -f} would put it there.
	 * @param err where the warnings go
	 * @return the evaluator over the inputs, the one the warnings came from
	 */
	PolicyEvaluator evaluator(PrintWriter err) {
		PolicyEvaluator evaluator = new PolicyEvaluator(load());
		new PolicyLinter(evaluator).policiesSelectingNoPod()
			.forEach((lint) -> err.println("netpol: warning: " + lint.subject() + " selects no pod, so it decides"
					+ " nothing here" + (lint.subject().startsWith(this.namespace + "/")
							? "; objects that name no namespace are read into '" + this.namespace
									+ "' (-n NAMESPACE to change that)"
							: "")));
		err.flush();
		return evaluator;
	}

}
