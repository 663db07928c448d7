package io.netpoldemo.lab.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.netpoldemo.lab.host.Command;
import io.netpoldemo.lab.host.HostFirewall;
import io.netpoldemo.lab.host.Parallel;
import io.netpoldemo.lab.host.PodNetwork;
import io.netpoldemo.lab.host.PodReadable;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.firewall.FirewallPlan;
import io.netpoldemo.netpol.firewall.FirewallPlanner;

/**
 * A lab of arbitrary pods for truth tables: one network namespace per pod, each holding one {@link ProbeAgent},
 * joined by a router namespace over routed /32 veths (any address works, whatever range the manifests'
 * {@code status.podIP} come from). The router has no uplink and no interface of the lab shows in the host's
 * namespace, so lab traffic stays in the lab. Policies come in as the evaluator's firewall plan and are enforced in
 * the router, outside every pod, as the demo lab enforces them.
 *
 * <p>
 * Closing it stops every agent and deletes every namespace it made; it is safe to close twice, and the command
 * registers it as a shutdown hook so Ctrl-C tears the lab down too.
 */
final class MatrixLab implements AutoCloseable {

	/** The pods' default gateway: a link-local address the router owns, as Calico's 169.254.1.1. */
	private static final String GATEWAY = "169.254.1.1";

	/** Agents run as nobody, with no capability: nothing in a pod could change a filter. */
	private static final String AGENT_USER = "65534";

	/** One small JVM per pod: quick to start, light on two shared cores. */
	static final List<String> AGENT_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-Xshare:auto", "-XX:-UsePerfData", "-Xmx48m", "-Xss256k", "-Xlog:disable");

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private final MatrixTopology topology;

	private final List<Agent> agents = new ArrayList<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private Path agentClasses;

	private final PodNetwork network;

	private final HostFirewall firewall;

	private MatrixLab(MatrixTopology topology) {
		this.topology = topology;
		this.network = new PodNetwork(topology.routerNetns(), GATEWAY);
		this.firewall = new HostFirewall(topology.routerNetns());
	}

	/**
	 * Builds the network and starts every pod's agent; on any failure removes what it built and rethrows.
	 * @param onStart called with the lab before anything is built, to register its cleanup (a shutdown hook)
	 * @throws LabException with exit code 3 when the namespaces exist already (another matrix with that prefix)
	 */
	static MatrixLab build(MatrixTopology topology, java.util.function.Consumer<MatrixLab> onStart) {
		if (Files.exists(Path.of("/run/netns", topology.routerNetns()))) {
			throw new LabException("a lab with prefix " + topology.prefix() + " is up already (" + topology.routerNetns()
					+ " exists): give another --prefix, or remove it with LAB_PREFIX=" + topology.prefix()
					+ " lab/bin/lab down", 3);
		}
		MatrixLab lab = new MatrixLab(topology);
		onStart.accept(lab);
		try {
			// close() waits for this: a shutdown hook (Ctrl-C) that ran while namespaces were still being made would
			// miss the ones made after it.
			synchronized (lab) {
				lab.createNetworkAndAgents();
			}
			return lab;
		}
		catch (RuntimeException ex) {
			lab.close();
			throw ex;
		}
	}

	MatrixTopology topology() {
		return this.topology;
	}

	/**
	 * The lab's own node, wired and filtered exactly as the demo lab's: {@link PodNetwork} (routed /32 veths behind a
	 * router namespace) and {@link HostFirewall} (every policy enforced in the router, outside the pods). Each pod's
	 * agent starts as soon as its namespace is wired, so the JVMs start while the other pods are being wired.
	 */
	private void createNetworkAndAgents() {
		this.agentClasses = stageAgent();
		this.network.createRouter();
		Agent[] started = new Agent[this.topology.pods().size()];
		try {
			Parallel.forEach(java.util.stream.IntStream.range(0, started.length).boxed().toList(), (i) -> {
				MatrixPod pod = this.topology.pods().get(i);
				// Low ports for the non-root agent, as a container runtime grants them.
				this.network.attach(pod.netns(), pod.ip(), "net.ipv4.ip_unprivileged_port_start=0");
				started[i] = Agent.start(pod, agentCommand(pod));
			});
		}
		finally {
			// Whatever started is stopped by close(), also when another pod failed.
			Stream.of(started).filter(java.util.Objects::nonNull).forEach(this.agents::add);
		}
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		this.agents.forEach((agent) -> agent.awaitReady(deadline));
	}

	private List<String> agentCommand(MatrixPod pod) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", pod.netns(), "setpriv",
				"--reuid=" + AGENT_USER, "--regid=" + AGENT_USER, "--clear-groups", "--inh-caps=-all", "--", java));
		command.addAll(AGENT_JVM_FLAGS);
		command.addAll(List.of("-cp", this.agentClasses.toString(), ProbeAgent.class.getName(), pod.id()));
		pod.ports().forEach((port) -> command.add(port.argument()));
		return command;
	}

	/**
	 * The agent's class, copied where the unprivileged agents can read it: the checkout may sit in a home directory
	 * they cannot enter.
	 */
	private static Path stageAgent() {
		try {
			Path dir = Files.createTempDirectory("netpol-matrix-agent");
			String name = ProbeAgent.class.getName().replace('.', '/') + ".class";
			Path target = dir.resolve(name);
			Files.createDirectories(target.getParent());
			try (InputStream in = ProbeAgent.class.getClassLoader().getResourceAsStream(name)) {
				if (in == null) {
					throw new LabException("cannot find " + name + " on the class path");
				}
				Files.copy(in, target);
			}
			PodReadable.tree(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new LabException("cannot stage the probe agent: " + ex.getMessage());
		}
	}

	/**
	 * Puts a cluster's policies in force: the evaluator's firewall plan, enforced on the lab's node in one nftables
	 * transaction. The pods must be those of the topology, with their addresses.
	 */
	void apply(Cluster cluster) {
		FirewallPlan plan = FirewallPlanner.plan(cluster);
		if (plan.pods().size() != this.topology.pods().size()) {
			throw new LabException("the firewall plan covers " + plan.pods().size() + " of "
					+ this.topology.pods().size() + " pods: " + plan.notes());
		}
		this.firewall.apply(plan, this.topology.routes(), true);
	}

	/**
	 * Runs the probes, each source pod's in parallel in its agent, and waits for all: about one timeout in all.
	 * @return one outcome per probe, in order
	 */
	List<Probe.Outcome> probe(List<Probe> probes, Duration timeout) {
		int millis = (int) Math.max(1, timeout.toMillis());
		List<CompletableFuture<Probe.Outcome>> answers = new ArrayList<>();
		for (int i = 0; i < probes.size(); i++) {
			Probe probe = probes.get(i);
			answers.add(this.agents.get(probe.from()).send(Integer.toString(i), probe, millis));
		}
		// The agents bound every probe by the timeout; this deadline only guards against a stuck agent.
		long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofSeconds(10).toNanos();
		List<Probe.Outcome> outcomes = new ArrayList<>();
		for (CompletableFuture<Probe.Outcome> answer : answers) {
			try {
				outcomes.add(answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
				throw new LabException("an agent did not answer a probe within " + timeout.toMillis() + " ms + 10 s");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LabException("interrupted while probing");
			}
		}
		return outcomes;
	}

	/** Stops the agents and deletes every namespace of the lab; idempotent. */
	@Override
	public synchronized void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.agents.forEach(Agent::close);
		long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
		this.agents.forEach((agent) -> agent.awaitExit(deadline));
		StringBuilder delete = new StringBuilder();
		Stream.concat(Stream.of(this.topology.routerNetns()), this.topology.pods().stream().map(MatrixPod::netns))
			.filter((netns) -> Files.exists(Path.of("/run/netns", netns)))
			.forEach((netns) -> delete.append("netns del ").append(netns).append('\n'));
		if (!delete.isEmpty()) {
			// -force: go on past a namespace that is already gone.
			Command.of("ip", "-force", "-batch", "-").run(delete.toString());
		}
		if (this.agentClasses != null) {
			try (Stream<Path> files = Files.walk(this.agentClasses)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				// A temporary directory left behind; nothing else depends on it.
			}
		}
	}

}
