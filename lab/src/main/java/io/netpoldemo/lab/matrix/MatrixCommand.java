package io.netpoldemo.lab.matrix;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestException;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Protocol;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab matrix}: a lab of exactly the pods of the given manifests, their NetworkPolicies in force, every ordered
 * pair probed from inside the source pod, and the upstream truth tables. Exit status: 0 no pair disagrees, 1 some
 * pair does, 2 bad input (nothing built), 3 the lab cannot run here.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
		description = "Build a lab of the manifests' pods, apply their NetworkPolicies, probe every ordered pair and "
				+ "print the expected, observed and comparison truth tables.")
public final class MatrixCommand implements Callable<Integer> {

	/** Exit status when the lab cannot run on this machine. */
	static final int CANNOT_RUN = 3;

	private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s)");

	enum Format {

		table, json

	}

	enum Via {

		pod, service

	}

	@Option(names = { "-f", "--filename" }, required = true, arity = "1..*", paramLabel = "PATH",
			description = "YAML files or directories: Namespaces, workloads, Services, NetworkPolicies.")
	List<Path> paths;

	@Option(names = { "-n", "--namespace" }, defaultValue = ManifestLoader.DEFAULT_NAMESPACE,
			description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
	String namespace;

	@Option(names = "--port", defaultValue = "80", paramLabel = "N|NAME",
			description = "Destination port, a number or a container port name resolved per pod (default: ${DEFAULT-VALUE}).")
	String port;

	@Option(names = "--protocol", defaultValue = "TCP", description = "TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
	String protocol;

	@Option(names = "--via", defaultValue = "pod",
			description = "pod: to the pod's address; service: through a ClusterIP Service per pod (default: ${DEFAULT-VALUE}).")
	Via via;

	@Option(names = "--timeout", defaultValue = "1s", paramLabel = "DURATION",
			description = "Probe timeout, such as 1s or 500ms (default: ${DEFAULT-VALUE}, as the upstream suite).")
	String timeout;

	@Option(names = { "-o", "--output" }, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
	Format format;

	@Option(names = "--prefix", defaultValue = "${env:MATRIX_PREFIX:-npm-}",
			description = "Prefix of the lab's network namespaces (default: ${DEFAULT-VALUE}; the demo lab's is npd-).")
	String prefix;

	@Option(names = "--pod-range", defaultValue = "10.250.0.0/24",
			description = "Addresses for pods without status.podIP (default: ${DEFAULT-VALUE}).")
	String podRange;

	@Option(names = "--service-range", defaultValue = "10.251.0.0/24",
			description = "ClusterIPs of the Services of --via service (default: ${DEFAULT-VALUE}).")
	String serviceRange;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		// Everything the input can get wrong is found before anything is built.
		Duration probeTimeout = duration(this.timeout);
		if (!this.prefix.matches("[a-z][a-z0-9]{0,5}-")) {
			throw new LabException("--prefix must look like 'npm-' (a lowercase letter, up to 5 more letters or"
					+ " digits, then '-'), not '" + this.prefix + "'", 2);
		}
		PortQuery query = query();
		Cluster manifests = load();
		AddressRange pods = AddressRange.parse(this.podRange);
		AddressRange services = AddressRange.parse(this.serviceRange);
		boolean sctp = Kernel.hasSctp();
		if (query.protocol() == Protocol.SCTP && !sctp) {
			throw new LabException("this kernel has no SCTP (no /proc/sys/net/sctp): the lab cannot probe SCTP here;"
					+ " bin/netpol reachability --protocol SCTP gives the evaluator's table", CANNOT_RUN);
		}
		MatrixTopology topology = MatrixTopology.of(manifests, this.prefix, pods, services, this.via == Via.service,
				sctp);
		Kernel.requireRoot();
		if (!sctp && topology.declaresSctp()) {
			err.println("lab matrix: this kernel has no SCTP: SCTP ports are not served (the evaluator's own tests"
					+ " cover SCTP)");
			err.flush();
		}
		MatrixReport report;
		// Ctrl-C runs the shutdown hooks: the lab is removed whatever moment it comes.
		try (MatrixLab lab = MatrixLab.build(topology,
				(built) -> Runtime.getRuntime().addShutdownHook(new Thread(built::close)))) {
			report = Matrix.measure(lab, topology.cluster(), List.of(query), this.via == Via.service, probeTimeout)
				.get(0);
		}
		if (this.format == Format.json) {
			out.println(report.json());
			report.sourceOnly()
				.forEach((pod) -> err.println("lab matrix: " + pod + " declares no port: probed as a source only"));
		}
		else {
			out.print(report.text());
		}
		out.flush();
		err.flush();
		return report.agrees() ? 0 : 1;
	}

	private PortQuery query() {
		try {
			Protocol parsed = Protocol.of(this.protocol);
			// The evaluator's own check of the port: a number in 1-65535 or a name.
			new Reachability(this.port, parsed, List.of(), new Verdict[0][0]).portNumber();
			return new PortQuery(this.port, parsed);
		}
		catch (IllegalArgumentException ex) {
			throw new LabException(ex.getMessage(), 2);
		}
	}

	private Cluster load() {
		for (Path path : this.paths) {
			if (!Files.exists(path)) {
				throw new LabException(path + ": no such file or directory", 2);
			}
		}
		try {
			Cluster cluster = ManifestLoader.load(this.paths, this.namespace);
			new PolicyEvaluator(cluster);
			if (cluster.pods().isEmpty()) {
				throw new LabException("no workload in " + this.paths + ": give manifests with Pods, Deployments,"
						+ " StatefulSets, DaemonSets or ReplicaSets", 2);
			}
			return cluster;
		}
		catch (ManifestException | IllegalArgumentException ex) {
			throw new LabException(ex.getMessage(), 2);
		}
	}

	/** {@code 1s}, {@code 500ms}: the forms the upstream suite and curl users write. */
	static Duration duration(String text) {
		Matcher matcher = DURATION.matcher(text.trim());
		if (!matcher.matches()) {
			throw new LabException("--timeout '" + text + "' is not a duration such as 1s or 500ms", 2);
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = matcher.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
		if (duration.toMillis() < 10 || duration.toSeconds() > 60) {
			throw new LabException("--timeout " + text + " is outside 10ms-60s", 2);
		}
		return duration;
	}

}
