package io.netpoldemo.netpol.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.Manifests;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.PolicyLinter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The manifests every subcommand reads: files, directories, or standard input as {@code -f -}. */
final class Inputs {

	@Option(names = { "-f", "--filename" }, required = true, arity = "1..*", paramLabel = "PATH",
			description = "YAML files or directories (recursively): Namespace, Pod, Deployment, Service, NetworkPolicy;"
					+ " - reads standard input.")
	List<Path> paths;

	@Option(names = { "-n", "--namespace" }, defaultValue = ManifestLoader.DEFAULT_NAMESPACE,
			description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}; a kustomization.yaml "
					+ "namespace beside a file wins).")
	String namespace;

	@Spec(Spec.Target.MIXEE)
	CommandSpec mixee;

	/**
	 * Reads the inputs and warns about what they hold that is not evaluated: documents of other policy APIs and
	 * entries skipped.
	 * @param err where the warnings go
	 * @return the inputs
	 */
	Manifests read(PrintWriter err) {
		return read(this.paths, this.namespace, stdin(this.mixee), err);
	}

	/**
	 * Loads the inputs into an evaluator and warns about policies that select no pod: a verdict that ignores a policy the user meant
	 * to test is the most misleading answer this tool can give, and a policy file without a namespace, read without
	 * {@code -n}, lands in {@code default} exactly as {@code kubectl apply -f} would put it there.
	 * @param err where the warnings go
	 * @return the evaluator over the inputs, the one the warnings came from
	 */
	PolicyEvaluator evaluator(PrintWriter err) {
		PolicyEvaluator evaluator = new PolicyEvaluator(read(err).cluster());
		new PolicyLinter(evaluator).policiesSelectingNoPod()
			.forEach((lint) -> err.println("netpol: warning: " + lint.subject() + " selects no pod, so it decides"
					+ " nothing here" + (lint.subject().startsWith(this.namespace + "/")
							? "; objects that name no namespace are read into '" + this.namespace
									+ "' (-n NAMESPACE to change that)"
							: "")));
		err.flush();
		return evaluator;
	}

	/**
	 * Reads paths as every command does ({@code -} for standard input), with one warning naming the documents that
	 * are not evaluated and one per entry skipped. For commands that take several sets of inputs (before and after).
	 * @param stdin what {@code -} reads: {@link #stdin(CommandSpec)}
	 */
	static Manifests read(List<Path> paths, String namespace, InputStream stdin, PrintWriter err) {
		Manifests manifests = ManifestLoader.read(paths, namespace, stdin);
		if (!manifests.ignored().isEmpty()) {
			err.println("netpol: warning: not evaluated, as netpol models Kubernetes NetworkPolicy only: "
					+ manifests.ignored().stream().map(Object::toString).collect(Collectors.joining(", ")));
		}
		manifests.warnings().forEach((warning) -> err.println("netpol: warning: " + warning));
		err.flush();
		return manifests;
	}

	/** The standard input of the running {@code netpol} command (tests give their own). */
	static InputStream stdin(CommandSpec spec) {
		return (spec.root().userObject() instanceof NetpolCommand netpol) ? netpol.stdin() : System.in;
	}

}
