package io.netpoldemo.lab.host;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.netpoldemo.lab.firewall.NftRuleset;
import io.netpoldemo.lab.tls.LabCertificates;
import io.netpoldemo.lab.topology.Addressing;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabPod;
import io.netpoldemo.lab.topology.LabService;
import io.netpoldemo.lab.topology.LabTopology;
import io.netpoldemo.lab.topology.ManifestSet;
import io.netpoldemo.lab.topology.ServiceRoute;
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

	private static final Pattern DROP_COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");

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
	 * Builds the namespaces, starts every pod with no policy in force and waits until all are ready.
	 */
	public void up() {
		if (isUp()) {
			this.out.println("The lab is already up (" + this.topology.routerNetns()
					+ " exists): make lab-status shows it, make lab-down removes it.");
			return;
		}
		long start = System.nanoTime();
		try {
			new LabNetwork(this.topology).create();
			Cluster open = cluster(List.of());
			installFirewalls(FirewallPlanner.plan(open));
			// Before the user pod starts, so its first checks already know what is in force.
			ExpectedCluster.write(this.settings.expectedCluster(), open, List.of());
			LabCertificates certificates = LabCertificates.create(this.settings.tls(),
					List.copyOf(Addressing.INTERNET_HOSTS.keySet()));
			PodProcesses processes = new PodProcesses(this.topology, this.settings);
			processes.startAll(certificates);
			processes.startController();
			writeActivePolicies(List.of());
			writeShellEnv();
			this.out.println("Started " + this.topology.pods().size() + " pods, waiting until they are ready...");
			processes.awaitReady();
		}
		catch (LabException ex) {
			throw new LabException(ex.getMessage() + "\nThe lab is half built: make lab-down removes what was started.",
					ex.exitCode());
		}
		this.out.printf("The lab is up in %.1f s. Try: make lab-check, make lab-apply POLICY=k8s/policies/"
				+ "user-default-deny.yaml, make lab-status%n", (System.nanoTime() - start) / 1e9);
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
		this.out.println((files.isEmpty()) ? "No NetworkPolicy in force." : "In force: " + files.stream()
			.map(this::display)
			.collect(Collectors.joining(" ")));
		for (PodFirewall pod : plan.pods()) {
			this.out.printf("  %-28s egress %-10s ingress %s%n", pod.namespace() + "/" + pod.name(),
					describe(pod.egressIsolated(), pod.egress().size()),
					describe(pod.ingressIsolated(), pod.ingress().size()));
		}
		plan.notes().forEach((note) -> this.out.println("  note: " + note));
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
	 * Prints the namespaces, addresses, processes, Services and active policies, with what each filter dropped.
	 */
	public void status() {
		if (!isUp()) {
			this.out.println("The lab is down (no " + this.topology.routerNetns() + " namespace): make lab-up builds it.");
			return;
		}
		this.out.printf("%-13s %-18s %-20s %-13s %-16s %s%n", "NAMESPACE", "POD", "NETNS", "IP", "PROCESS",
				"DROPPED SINCE APPLY (egress/ingress)");
		for (LabPod pod : this.topology.pods()) {
			this.out.printf("%-13s %-18s %-20s %-13s %-16s %s%n", pod.namespace(), pod.name(), pod.netns(), pod.ip(),
					process(pod.netns()), dropped(pod.netns()));
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
				process(this.topology.internetNetns()), Addressing.INTERNET_HOSTS.entrySet()
					.stream()
					.sorted(Map.Entry.comparingByKey())
					.map((host) -> host.getKey() + " " + host.getValue())
					.collect(Collectors.joining(", ")));
		List<Path> active = activePolicies();
		this.out.println("\nPolicies in force: " + (active.isEmpty() ? "none"
				: active.stream().map(this::display).collect(Collectors.joining(" "))));
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
	 * Renders every pod's script, checks them all with {@code nft -c}, then applies each with one {@code nft -f}. A
	 * plan that leaves a pod out is refused before any namespace changes: that pod would keep its old rules.
	 */
	private void installFirewalls(FirewallPlan plan) {
		List<ServiceRoute> routes = this.topology.routes();
		Map<String, String> scripts = new LinkedHashMap<>();
		for (PodFirewall firewall : plan.pods()) {
			LabPod pod = this.topology.pods()
				.stream()
				.filter((candidate) -> candidate.ip().equals(firewall.ip()))
				.findFirst()
				.orElseThrow(() -> new LabException("the plan names pod " + firewall.name() + " at " + firewall.ip()
						+ ", which the lab does not run"));
			scripts.put(pod.netns(), NftRuleset.render(firewall, routes));
		}
		if (scripts.size() != this.topology.pods().size()) {
			throw new LabException("the plan covers " + scripts.size() + " of " + this.topology.pods().size() + " pods");
		}
		// Namespaces are independent: check them all at once, then switch them all at once, which keeps the window
		// where some pods have the new rules and others the old ones to the time of one nft call.
		nftInEach(scripts, "-c");
		nftInEach(scripts, null);
	}

	private static void nftInEach(Map<String, String> scripts, String checkOnly) {
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		scripts.forEach((netns, script) -> {
			Command nft = ((checkOnly != null) ? Command.of("nft", checkOnly, "-f", "-") : Command.of("nft", "-f", "-"))
				.in(netns);
			runs.add(CompletableFuture.runAsync(() -> nft.run(script).orThrow(nft), Thread.ofVirtual()::start));
		});
		try {
			CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof LabException problem) ? problem : ex;
		}
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
		String env = "LAB_USER_NETNS=" + user.netns() + "\n" + "LAB_USER_URL=http://" + user.ip() + ":" + port + "\n"
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

	private String process(String netns) {
		Path pidFile = this.settings.pids().resolve(netns + ".pid");
		try {
			if (!Files.exists(pidFile)) {
				return "none";
			}
			String pid = Files.readString(pidFile).strip();
			return Files.exists(Path.of("/proc", pid)) ? "pid " + pid : "pid " + pid + " EXITED";
		}
		catch (IOException ex) {
			return "unreadable";
		}
	}

	private static String dropped(String netns) {
		Command.Result listing = Command.of("nft", "list", "table", NftRuleset.FAMILY, NftRuleset.TABLE_NAME)
			.in(netns).run(null);
		if (!listing.ok()) {
			return "no rules";
		}
		long[] counts = new long[2];
		int chain = -1;
		for (String line : listing.output().lines().toList()) {
			if (line.contains("chain egress")) {
				chain = 0;
			}
			else if (line.contains("chain ingress")) {
				chain = 1;
			}
			Matcher matcher = DROP_COUNTER.matcher(line);
			if (chain >= 0 && matcher.find()) {
				counts[chain] += Long.parseLong(matcher.group(1));
			}
		}
		return counts[0] + "/" + counts[1];
	}

}
