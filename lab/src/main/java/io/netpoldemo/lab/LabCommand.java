package io.netpoldemo.lab;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.netpoldemo.lab.host.LabController;
import io.netpoldemo.lab.host.LabRuntime;
import io.netpoldemo.lab.host.LabSettings;
import io.netpoldemo.lab.matrix.MatrixCommand;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.ManifestSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The lab's Java half, run by {@code lab/bin/lab}: build the lab, switch its policies, show its state. The script
 * guards the prerequisites, runs the checks and tears the lab down.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
		description = "The demo's manifests and NetworkPolicies enforced by the Linux kernel.",
		subcommands = { LabCommand.Up.class, LabCommand.Apply.class, LabCommand.Add.class, LabCommand.Status.class,
				LabCommand.Cni.class, LabCommand.Controller.class, MatrixCommand.class })
public final class LabCommand {

	@Option(names = "--prefix", defaultValue = "${env:LAB_PREFIX:-npd-}",
			description = "Prefix of every network namespace name (default: ${DEFAULT-VALUE}).")
	String prefix;

	@Option(names = "--state", defaultValue = "${env:LAB_STATE_DIR:-.lab}",
			description = "The lab's directory: logs, PIDs, certificates, active policies (default: ${DEFAULT-VALUE}).")
	Path state;

	@Option(names = "--k8s", defaultValue = "k8s", description = "The kustomization directory of the demo.")
	Path k8s;

	@Option(names = "--ready-timeout", defaultValue = "${env:LAB_READY_TIMEOUT:-180}",
			description = "Seconds to wait for every pod to be ready (default: ${DEFAULT-VALUE}).")
	int readyTimeout;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/** The command line with its exit codes: a {@link LabException}'s message and code, never a stack trace. */
	public static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new LabCommand());
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			if (ex instanceof LabException problem) {
				line.getErr().println(line.getCommandName().equals("matrix") ? "lab matrix: " + problem.getMessage()
						: "lab: " + problem.getMessage());
				return problem.exitCode();
			}
			throw ex;
		});
		return commandLine;
	}

	LabRuntime runtime() {
		return new LabRuntime(ManifestSet.load(this.k8s), settings(), System.out);
	}

	LabSettings settings() {
		return new LabSettings(this.prefix, this.state.toAbsolutePath().normalize(), Path.of("").toAbsolutePath(),
				this.k8s.toAbsolutePath().normalize(), Path.of(System.getProperty("java.home"), "bin", "java"),
				classPath(),
				Duration.ofSeconds(this.readyTimeout));
	}

	/** Absolute, so the lab's servers start whatever directory their namespace runs them in. */
	private static String classPath() {
		return String.join(File.pathSeparator, List.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.stream()
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.toList());
	}

	@Command(name = "up", description = "Build the lab's namespaces, start every pod, wait until all are ready.")
	static final class Up implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Option(names = "--cni", defaultValue = "${env:LAB_CNI:-enforcing}",
				description = "enforcing, or none: a network plugin without NetworkPolicy support (default: ${DEFAULT-VALUE}).")
		String cni;

		@Override
		public Integer call() {
			// Before runtime(), which reads the manifests: the certificates are issued meanwhile.
			var certificates = LabRuntime.issueCertificates();
			this.lab.runtime().up(this.cni, certificates);
			return 0;
		}

	}

	@Command(name = "apply", description = "Make exactly these NetworkPolicy files the ones in force (none: no policy).")
	static final class Apply implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Parameters(arity = "0..*", paramLabel = "FILE")
		List<Path> files = List.of();

		@Override
		public Integer call() {
			this.lab.runtime().apply(this.files);
			return 0;
		}

	}

	@Command(name = "add", description = "Add a policy file to those in force, dropping the ones it replaces.")
	static final class Add implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Parameters(index = "0", paramLabel = "FILE")
		Path file;

		@Option(names = "--replaces", split = "\\s+", paramLabel = "FILE",
				description = "Policy files to remove first (space-separated).")
		List<Path> replaces = List.of();

		@Override
		public Integer call() {
			this.lab.runtime().add(this.file, this.replaces);
			return 0;
		}

	}

	@Command(name = "status", description = "Namespaces, addresses, processes, Services and policies in force.")
	static final class Status implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Override
		public Integer call() {
			this.lab.runtime().status();
			return 0;
		}

	}

	@Command(name = "cni", description = "Enforce the policies (enforcing) or only record them (none).")
	static final class Cni implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Parameters(index = "0", paramLabel = "MODE", description = "enforcing or none")
		String mode;

		@Override
		public Integer call() {
			this.lab.runtime().cni(this.mode);
			return 0;
		}

	}

	@Command(name = "controller", hidden = true,
			description = "Serve apply, add and status from a warm JVM in the router namespace (started by up).")
	static final class Controller implements Callable<Integer> {

		@CommandLine.ParentCommand
		LabCommand lab;

		@Override
		public Integer call() throws Exception {
			new LabController(ManifestSet.load(this.lab.k8s), this.lab.settings()).serve();
			// The server's thread keeps the JVM running; returning would let main call System.exit.
			Thread.currentThread().join();
			return 0;
		}

	}

}
