package io.netpoldemo.lab.host;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.netpoldemo.lab.tls.LabCertificates;
import io.netpoldemo.lab.topology.Addressing;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabPod;
import io.netpoldemo.lab.topology.LabService;
import io.netpoldemo.lab.topology.LabTopology;
import io.netpoldemo.lab.topology.ManifestSet;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestException;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.netpol.firewall.FirewallPlan;
import io.netpoldemo.netpol.firewall.FirewallPlanner;
import io.netpoldemo.netpol.firewall.PodFirewall;

/**
 * What the lab's commands do on the host: build it, switch its policies, report its state. Tearing it down is the
 * shell script's job, so that it works without Java and after anything that went wrong here.
 */
public final class LabRuntime {

	private final ManifestSet manifests;

	private final LabTopology topology;

	private final LabSettings settings;

	private final PrintStream out;

	public LabRuntime(ManifestSet manifests, LabSettings settings, PrintStream out) {
		this(manifests, LabTopology.of(manifests, settings.prefix()), settings, out);
	}

	/**
	 * A runtime over a topology already derived from these manifests: the controller's, kept between its requests.
	 */
	LabRuntime(ManifestSet manifests, LabTopology topology, LabSettings settings, PrintStream out) {
		this.manifests = manifests;
		this.topology = topology;
		this.settings = settings;
		this.out = out;
	}

	/**
	 * Starts issuing the lab's certificates, in memory, for {@link #up}: {@code up} reads the manifests meanwhile, and
	 * writes them only once it knows the lab is not up already.
	 * @return the certificates, being issued
	 */
	public static CompletableFuture<LabCertificates.Issued> issueCertificates() {
		return Parallel.supply(() -> LabCertificates.issue(List.copyOf(Addressing.INTERNET_HOSTS.keySet())));
	}

	/**
	 * Builds the namespaces, starts every pod with no policy in force and waits until all are ready.
	 * @param cni {@code enforcing}, or {@code none} for a network plugin without NetworkPolicy support
	 * @param certificates the lab's certificates, being issued ({@link #issueCertificates}); written here, once the
	 * lab is known not to be up
	 */
	public void up(String cni, CompletableFuture<LabCertificates.Issued> certificates) {
		boolean enforcing = enforcing(cni);
		PodProcesses processes = new PodProcesses(this.topology, this.settings);
		if (isUp()) {
			if (enforcing != enforcing()) {
				this.out.println("LAB_CNI=" + cni + " is for a new lab; this one keeps its mode: make lab-cni LAB_CNI=" + cni
						+ " switches it.");
			}
			List<String> restarted = processes.restartExited();
			if (restarted.isEmpty()) {
				this.out.println("The lab is already up (" + this.topology.routerNetns()
						+ " exists): make lab-status shows it, make lab-down removes it.");
			}
			else {
				this.out.println("The lab is up again: restarted what had exited (logs kept): "
						+ String.join(", ", restarted));
			}
			return;
		}
		processes.requireRunnable();
		long start = System.nanoTime();
		// The services' launches looked up (or their AOT caches trained, after a build) while the network is wired.
		CompletableFuture<Void> launches = processes.prepareLaunches();
		try {
			new StagedFiles(this.settings).create();
			// Planned while the network is wired, which mostly waits for the kernel: the firewalls with no policy in
			// force, and what the user pod reads as it starts, so its first checks already know what is in force.
			CompletableFuture<FirewallPlan> open = Parallel.supply(() -> {
				Cluster cluster = cluster(List.of());
				ExpectedCluster.write(this.settings.expectedCluster(), cluster, List.of());
				return FirewallPlanner.plan(cluster);
			});
			new LabNetwork(this.topology).create();
			StateFiles.write(this.settings.cniMode(), cni + "\n");
			installFirewalls(Parallel.join(open));
			Parallel.join(launches);
			processes.startAll(written(certificates));
			writeActivePolicies(List.of());
			writeShellEnv();
			this.out.println("Started " + this.topology.pods().size() + " pods, waiting until they are ready...");
			processes.awaitReady();
			// Once the pods are ready, not beside them: on 2 cores its JVM start would slow theirs. It is ready a moment
			// later; a request that comes before waits for it (lab/bin/lab).
			processes.startController();
		}
		catch (LabException ex) {
			throw new LabException(ex.getMessage() + "\nThe lab is half built: make lab-down removes what was started.",
					ex.exitCode());
		}
		this.out.printf("The lab is up in %.1f s%s. Try: make lab-check, make lab-apply POLICY=k8s/policies/"
				+ "user-default-deny.yaml, make lab-status%n", (System.nanoTime() - start) / 1e9,
				enforcing ? "" : ", with a network plugin that does NOT enforce NetworkPolicy (LAB_CNI=none)");
	}

	/**
	 * The certificates, written only now: an {@code up} on a lab that is up keeps those its servers use. A JDK without
	 * what they need (EC keys, PKCS12) or a folder that cannot be written is an error the lab names, not a trace.
	 */
	private LabCertificates written(CompletableFuture<LabCertificates.Issued> certificates) {
		try {
			return Parallel.join(certificates).writeTo(this.settings.tls());
		}
		catch (IllegalStateException ex) {
			throw new LabException(ex.getMessage());
		}
	}

	/**
	 * Makes exactly these policy files the active set. Everything is read, planned and checked by nft before any
	 * namespace changes, so invalid input leaves the previous rules in force.
	 * @param policyFiles the NetworkPolicy files, possibly none
	 */
	public void apply(List<Path> policyFiles) {
		requireUp();
		List<Path> files = policyFiles.stream().map((file) -> file.toAbsolutePath().normalize()).distinct().toList();
		Cluster cluster = cluster(files);
		FirewallPlan plan = FirewallPlanner.plan(cluster);
		installFirewalls(plan);
		writeActivePolicies(files);
		ExpectedCluster.write(this.settings.expectedCluster(), cluster, files);
		warnings(files, cluster).forEach((warning) -> this.out.println("warning: " + warning));
		this.out.println(cluster.policies().isEmpty() ? "No NetworkPolicy in force." : "In force: " + files.stream()
			.map(this::display)
			.collect(Collectors.joining(" ")));
		if (!enforcing()) {
			this.out.println("  NOT enforced: the lab runs without NetworkPolicy support (LAB_CNI=none), every packet"
					+ " passes");
		}
		for (PodFirewall pod : plan.pods()) {
			this.out.printf("  %-28s egress %-10s ingress %s%n", pod.namespace() + "/" + pod.name(),
					describe(pod.egressIsolated(), pod.egress().size()),
					describe(pod.ingressIsolated(), pod.ingress().size()));
		}
		plan.notes().forEach((note) -> this.out.println("  note: " + note));
	}

	/**
	 * What in the applied files does nothing here: a file without a NetworkPolicy, a policy of a namespace the lab
	 * does not have (it selects no pod). Applied all the same, as {@code kubectl apply} would.
	 */
	private List<String> warnings(List<Path> files, Cluster cluster) {
		List<String> warnings = new ArrayList<>();
		for (Path file : files) {
			if (cluster(List.of(file)).policies().isEmpty()) {
				warnings.add(display(file) + " holds no NetworkPolicy: it changes nothing");
			}
		}
		List<String> namespaces = this.topology.namespaces().stream().map((ns) -> ns.getMetadata().getName()).toList();
		for (var policy : cluster.policies()) {
			String namespace = policy.getMetadata().getNamespace();
			if (!namespaces.contains(namespace)) {
				warnings.add("NetworkPolicy " + namespace + "/" + policy.getMetadata().getName() + " is in namespace "
						+ namespace + ", which the lab does not have (it has " + String.join(", ", namespaces)
						+ "): it selects no pod");
			}
		}
		return warnings;
	}

	/**
	 * The active set minus {@code replaces}, plus {@code policy}: how the scenario targets stack add-ons and swap the
	 * user egress scenarios.
	 * @param policy the file to add
	 * @param replaces files to drop first; absent ones are ignored
	 */
	public void add(Path policy, List<Path> replaces) {
		requireUp();
		List<Path> active = new ArrayList<>(activePolicies());
		replaces.forEach((file) -> active.remove(file.toAbsolutePath().normalize()));
		Path added = policy.toAbsolutePath().normalize();
		if (!active.contains(added)) {
			active.add(added);
		}
		apply(active);
	}

	/**
	 * Switches a running lab between enforcing its policies and only recording them, as a cluster whose network
	 * plugin has no NetworkPolicy support does: the policies stay in the cluster file the user service reads (it still
	 * expects DENIED where they deny), but every packet passes.
	 * @param cni {@code enforcing} or {@code none}
	 */
	public void cni(String cni) {
		requireUp();
		boolean enforcing = enforcing(cni);
		StateFiles.write(this.settings.cniMode(), cni + "\n");
		apply(activePolicies());
		this.out.println(enforcing ? "NetworkPolicy enforcement: enforcing (nftables on the lab's node)."
				: "NetworkPolicy enforcement: none. Policies are recorded and the user service expects them, but"
						+ " nothing enforces them (LAB_CNI=none); make lab-cni LAB_CNI=enforcing turns it back on.");
	}

	private static boolean enforcing(String cni) {
		return switch (cni) {
			case "enforcing" -> true;
			case "none" -> false;
			default -> throw new LabException("LAB_CNI must be enforcing or none, not '" + cni + "'", 2);
		};
	}

	/** The mode in force: a lab built before modes existed enforces. */
	private boolean enforcing() {
		try {
			return !Files.exists(this.settings.cniMode())
					|| !Files.readString(this.settings.cniMode()).strip().equals("none");
		}
		catch (IOException ex) {
			throw new LabException("cannot read " + this.settings.cniMode() + ": " + ex.getMessage());
		}
	}

	/**
	 * Prints the namespaces, addresses, processes, Services and active policies, with what each filter dropped.
	 */
	public void status() {
		if (!isUp()) {
			this.out.println("The lab is down (no " + this.topology.routerNetns() + " namespace): make lab-up builds it.");
			return;
		}
		this.out.printf("%-13s %-18s %-20s %-13s %-16s %s%n", "NAMESPACE", "POD", "NETNS", "IP", "PROCESS",
				"DROPPED SINCE APPLY (egress/ingress)");
		Map<String, long[]> dropped = new HostFirewall(this.topology.routerNetns())
			.dropped(this.topology.pods().stream().map(LabPod::ip).toList());
		PodProcesses processes = new PodProcesses(this.topology, this.settings);
		List<String> exited = new ArrayList<>();
		for (LabPod pod : this.topology.pods()) {
			long[] counts = dropped.getOrDefault(pod.ip(), new long[2]);
			String process = process(processes, pod.netns());
			this.out.printf("%-13s %-18s %-20s %-13s %-16s %s%n", pod.namespace(), pod.name(), pod.netns(), pod.ip(),
					process, counts[0] + "/" + counts[1]);
			if (process.equals("EXITED")) {
				exited.add(pod.namespace() + "/" + pod.name() + " EXITED: its log is " + processes.log(pod.name()));
			}
		}
		if (!exited.isEmpty()) {
			exited.forEach(this.out::println);
			this.out.println("make lab-up restarts what exited.");
		}
		this.out.printf("%n%-36s %-13s %s%n", "SERVICE", "CLUSTER-IP", "PORTS");
		for (LabService service : this.topology.services()) {
			this.out.printf("%-36s %-13s %s%n", service.namespace() + "/" + service.name(), service.clusterIp(),
					service.routes()
						.stream()
						.map((route) -> route.port() + "/" + route.protocol() + "->"
								+ (route.hasEndpoint() ? route.podIp() + ":" + route.targetPort() : "no endpoint"))
						.collect(Collectors.joining(" ")));
		}
		this.out.printf("%nInternet (%s, %s): %s%n", this.topology.internetNetns(),
				process(processes, this.topology.internetNetns()), Addressing.INTERNET_HOSTS.entrySet()
					.stream()
					.sorted(Map.Entry.comparingByKey())
					.map((host) -> host.getKey() + " " + host.getValue())
					.collect(Collectors.joining(", ")));
		List<Path> active = activePolicies();
		this.out.println("\nPolicies in force: " + (active.isEmpty() ? "none"
				: active.stream().map(this::display).collect(Collectors.joining(" "))));
		this.out.println("NetworkPolicy enforcement: " + (enforcing() ? "enforcing (nftables in "
				+ this.topology.routerNetns() + ", the lab's node)"
				: "none (LAB_CNI=none: policies recorded for the user service, not enforced)"));
		this.out.println("Logs: " + this.settings.logs());
	}

	/**
	 * The cluster as the netpol evaluator sees the lab: the demo's pods with the lab's addresses, the Services with the
	 * lab's cluster IPs, the namespaces with their labels, and the policies of the given files (in the kustomization's
	 * namespace unless they name one).
	 * @param policyFiles NetworkPolicy files
	 * @return the cluster
	 * @throws LabException with exit code 2 and the netpol message when a file is not valid
	 */
	public Cluster cluster(List<Path> policyFiles) {
		try {
			return clusterWith(ManifestLoader.load(policyFiles, this.manifests.namespace()).policies());
		}
		catch (ManifestException ex) {
			throw new LabException(ex.getMessage() + "\nThe previous policies stay in force.", 2);
		}
	}

	private Cluster clusterWith(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> policies) {
		return Cluster.of(this.topology.namespaces(), this.topology.pods().stream().map(LabPod::toPod).toList(),
				this.topology.services().stream().map(this::withClusterIp).toList(), policies);
	}

	private Service withClusterIp(LabService service) {
		Service declared = this.manifests.services()
			.stream()
			.filter((candidate) -> candidate.getMetadata().getNamespace().equals(service.namespace())
					&& candidate.getMetadata().getName().equals(service.name()))
			.findFirst()
			.orElseThrow(() -> new LabException("Service " + service.namespace() + "/" + service.name()
					+ " is in the topology but not in the manifests"));
		return new ServiceBuilder(declared).editSpec().withClusterIP(service.clusterIp()).endSpec().build();
	}

	/**
	 * Puts a plan in force in the router namespace, in one transaction. A plan that leaves a pod out is refused before
	 * any rule changes: that pod's traffic would pass unfiltered.
	 */
	private void installFirewalls(FirewallPlan plan) {
		for (PodFirewall firewall : plan.pods()) {
			if (this.topology.pods().stream().noneMatch((pod) -> pod.ip().equals(firewall.ip()))) {
				throw new LabException("the plan names pod " + firewall.name() + " at " + firewall.ip()
						+ ", which the lab does not run");
			}
		}
		if (plan.pods().size() != this.topology.pods().size()) {
			throw new LabException("the plan covers " + plan.pods().size() + " of " + this.topology.pods().size()
					+ " pods");
		}
		new HostFirewall(this.topology.routerNetns()).apply(plan, this.topology.routes(), enforcing());
	}

	private boolean isUp() {
		return Files.exists(Path.of("/run/netns", this.topology.routerNetns()));
	}

	private void requireUp() {
		if (!isUp()) {
			throw new LabException("the lab is not up (no " + this.topology.routerNetns()
					+ " network namespace): run make lab-up first");
		}
	}

	private List<Path> activePolicies() {
		try {
			if (!Files.exists(this.settings.activePolicies())) {
				return List.of();
			}
			return Files.readAllLines(this.settings.activePolicies())
				.stream()
				.filter((line) -> !line.isBlank())
				.map(Path::of)
				.toList();
		}
		catch (IOException ex) {
			throw new LabException("cannot read " + this.settings.activePolicies() + ": " + ex.getMessage());
		}
	}

	private void writeActivePolicies(List<Path> files) {
		StateFiles.write(this.settings.activePolicies(),
				files.stream().map((file) -> file + "\n").collect(Collectors.joining()));
	}

	/** What the shell script needs to run checks without starting a JVM. */
	private void writeShellEnv() {
		LabPod user = this.topology.podRunning("user-service");
		int port = user.ports().get(0).getContainerPort();
		String env = "LAB_USER_NETNS=" + user.netns() + "\n" + "LAB_USER_POD=" + user.namespace() + "/" + user.name()
				+ "\n" + "LAB_USER_LOG=" + this.settings.logs().resolve(user.name() + ".log") + "\n"
				+ "LAB_USER_URL=http://" + user.ip() + ":" + port + "\n"
				+ "LAB_NETNS=\"" + String.join(" ", this.topology.allNetns()) + "\"\n" + "LAB_CONTROLLER=\""
				+ this.topology.routerNetns() + " http://127.0.0.1:" + LabController.PORT + "\"\n";
		StateFiles.write(this.settings.shellEnv(), env);
	}

	private String display(Path file) {
		Path cwd = Path.of("").toAbsolutePath();
		return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
	}

	private static String describe(boolean isolated, int rules) {
		return isolated ? "isolated, " + rules + " allow rule" + ((rules == 1) ? "" : "s") : "open";
	}

	private String process(PodProcesses processes, String netns) {
		if (processes.running(netns)) {
			try {
				return "pid " + Files.readString(this.settings.pids().resolve(netns + ".pid")).strip();
			}
			catch (IOException ex) {
				return "running";
			}
		}
		return "EXITED";
	}



}
