package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.netpoldemo.lab.server.LabServer;
import io.netpoldemo.lab.tls.LabCertificates;
import io.netpoldemo.lab.topology.Addressing;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.LabPod;
import io.netpoldemo.lab.topology.LabService;
import io.netpoldemo.lab.topology.LabTopology;
import io.netpoldemo.lab.topology.PodRuntime;

/**
 * Starts what runs in each namespace (the demo's jars, dnsmasq, the lab's servers) and waits until it is ready. Every
 * process is started through {@code setsid ip netns exec}, which keeps its PID, so the PID recorded under
 * {@code pids/} is the process itself and {@code down} stops exactly what {@code up} started.
 */
final class PodProcesses {

	/** Fewer JIT threads and a small heap: five JVMs share a 2-core machine, and they serve a few requests each. */
	private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-XX:MaxRAMPercentage=10", "-Xss512k", "-Djava.io.tmpdir=/tmp");

	private static final String INTERNET_LOG = "internet";

	private final LabTopology topology;

	private final LabSettings settings;

	private final List<Started> started = new ArrayList<>();

	PodProcesses(LabTopology topology, LabSettings settings) {
		this.topology = topology;
		this.settings = settings;
	}

	void startAll(LabCertificates certificates) {
		try {
			Files.createDirectories(this.settings.logs());
			Files.createDirectories(this.settings.pids());
		}
		catch (IOException ex) {
			throw new LabException("cannot create " + this.settings.stateDir() + ": " + ex.getMessage());
		}
		Path passwordFile = this.settings.tls().resolve("password");
		StateFiles.write(passwordFile, certificates.password());
		start(this.topology.internetNetns(), INTERNET_LOG, Map.of(), javaCommand(List.of(), "-cp",
				this.settings.classPath(), LabServer.class.getName(), "internet", "443",
				certificates.keyStore().toString(), passwordFile.toString()), null);
		Map<String, List<String>> launches = ServiceLaunch.of(this.settings, this.topology.pods()
			.stream()
			.filter((pod) -> pod.runtime() == PodRuntime.SERVICE_JAR)
			.map(LabPod::module)
			.toList(), JVM_FLAGS);
		for (LabPod pod : this.topology.pods()) {
			List<String> command = switch (pod.runtime()) {
				case DNSMASQ -> List.of("dnsmasq", "--keep-in-foreground", "--conf-file=" + writeDnsConfig(pod));
				case HTTP_SERVER -> javaCommand(List.of(), "-cp", this.settings.classPath(),
						LabServer.class.getName(), "argocd", String.valueOf(pod.ports().get(0).getContainerPort()));
				case SERVICE_JAR -> javaCommand(trustStoreFlags(pod, certificates),
						launches.get(pod.module()).toArray(String[]::new));
			};
			start(pod.netns(), pod.name(), env(pod), command, runAs(pod));
		}
	}

	/**
	 * Starts the lab's controller in the router namespace: a warm JVM that serves {@code apply}, {@code add} and
	 * {@code status} (see {@link LabController}).
	 */
	void startController() {
		start(this.topology.routerNetns(), "controller", Map.of(), javaCommand(List.of(), "-cp",
				this.settings.classPath(), "io.netpoldemo.lab.LabCommand", "--prefix", this.settings.prefix(),
				"--state", this.settings.stateDir().toString(), "--k8s", this.settings.manifests().toString(),
				"controller"), null);
	}

	/**
	 * The Deployment's env, and for the user service where its policy evaluator reads the lab's cluster: without an
	 * API server that file is how it learns what is in force.
	 */
	private Map<String, String> env(LabPod pod) {
		if (pod.runtime() != PodRuntime.SERVICE_JAR || !pod.module().equals("user-service")) {
			return pod.env();
		}
		Map<String, String> env = new LinkedHashMap<>(pod.env());
		env.put("CHECKS_EXPECTATIONS_MANIFESTS", this.settings.expectedCluster().toString());
		return env;
	}

	/** Only the user service, the one pod that calls the internet, trusts the lab's CA. */
	private List<String> trustStoreFlags(LabPod pod, LabCertificates certificates) {
		if (!pod.module().equals("user-service")) {
			return List.of();
		}
		return List.of("-Djavax.net.ssl.trustStore=" + certificates.trustStore(),
				"-Djavax.net.ssl.trustStorePassword=" + certificates.password(),
				"-Djavax.net.ssl.trustStoreType=PKCS12");
	}

	private List<String> javaCommand(List<String> extraFlags, String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.settings.java().toString());
		command.addAll(JVM_FLAGS);
		command.addAll(extraFlags);
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * The pod's {@code runAsUser}/{@code runAsGroup}, as {@code setpriv} arguments, so the demo's services run as
	 * the non-root user their manifests ask for.
	 */
	private static List<String> runAs(LabPod pod) {
		SecurityContext container = pod.container().getSecurityContext();
		Long user = (container != null) ? container.getRunAsUser() : null;
		Long group = (container != null) ? container.getRunAsGroup() : null;
		PodSecurityContext podContext = pod.podSecurityContext();
		if (user == null && podContext != null) {
			user = podContext.getRunAsUser();
		}
		if (group == null && podContext != null) {
			group = podContext.getRunAsGroup();
		}
		if (user == null) {
			return null;
		}
		return List.of("setpriv", "--reuid=" + user, "--regid=" + ((group != null) ? group : user),
				"--clear-groups", "--");
	}

	private void start(String netns, String name, Map<String, String> env, List<String> command, List<String> runAs) {
		List<String> full = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", netns));
		if (runAs != null) {
			full.addAll(runAs);
		}
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full);
		// A pod sees its Deployment's env, not the environment of whoever ran make.
		Map<String, String> environment = builder.environment();
		Map<String, String> keep = new LinkedHashMap<>();
		for (String variable : List.of("PATH", "LANG", "TZ")) {
			if (environment.containsKey(variable)) {
				keep.put(variable, environment.get(variable));
			}
		}
		environment.clear();
		environment.putAll(keep);
		environment.put("HOME", "/tmp");
		environment.putAll(env);
		Path log = this.settings.logs().resolve(name + ".log");
		builder.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		try {
			Process process = builder.start();
			StateFiles.write(this.settings.pids().resolve(netns + ".pid"), process.pid() + "\n");
			this.started.add(new Started(netns, name, process, log));
		}
		catch (IOException ex) {
			throw new LabException("cannot start " + String.join(" ", full) + ": " + ex.getMessage());
		}
	}

	private Path writeDnsConfig(LabPod pod) {
		StringBuilder config = new StringBuilder();
		config.append("# The cluster DNS of the lab: Service names, the lab's internet hosts, NXDOMAIN otherwise.\n");
		config.append("no-resolv\nno-hosts\nbind-interfaces\nlog-queries\nlog-facility=-\npid-file=\n");
		config.append("listen-address=").append(pod.ip()).append("\nport=53\n");
		config.append("local=/").append(Addressing.CLUSTER_DOMAIN).append("/\n");
		for (LabService service : this.topology.services()) {
			config.append("host-record=").append(service.dnsName()).append(',').append(service.clusterIp()).append('\n');
		}
		for (var host : Addressing.INTERNET_HOSTS.entrySet()) {
			config.append("address=/").append(host.getKey()).append('/').append(host.getValue()).append('\n');
		}
		// Everything else does not exist: the lab has no upstream, and a clear NXDOMAIN beats a timeout.
		config.append("address=/#/\n");
		Path file = this.settings.stateDir().resolve("dnsmasq.conf");
		StateFiles.write(file, config.toString());
		return file;
	}

	/**
	 * Waits until every pod answers its readiness probe, failing early with the log of a process that exited.
	 */
	void awaitReady() {
		long deadline = System.nanoTime() + this.settings.readyTimeout().toNanos();
		Map<LabPod, Boolean> ready = new LinkedHashMap<>();
		this.topology.pods().forEach((pod) -> ready.put(pod, false));
		boolean controllerReady = false;
		while (ready.containsValue(false) || !controllerReady) {
			for (Started process : this.started) {
				if (!process.process().isAlive()) {
					throw new LabException(process.name() + " in " + process.netns() + " exited with code "
							+ process.process().exitValue() + "; its log " + process.log() + " ends with:\n"
							+ tail(process.log()));
				}
			}
			for (var entry : ready.entrySet()) {
				if (!entry.getValue()) {
					entry.setValue(probe(entry.getKey()));
				}
			}
			controllerReady = controllerReady || Command
				.of("curl", "-sf", "-o", "/dev/null", "--max-time", "2",
						"http://127.0.0.1:" + LabController.PORT + "/healthz")
				.in(this.topology.routerNetns())
				.run(null)
				.ok();
			if (System.nanoTime() > deadline) {
				throw new LabException("not ready after " + this.settings.readyTimeout().toSeconds() + " s: "
						+ ready.entrySet()
							.stream()
							.filter((entry) -> !entry.getValue())
							.map((entry) -> entry.getKey().name())
							.collect(Collectors.joining(", ")) + (controllerReady ? "" : " controller")
						+ "; logs in " + this.settings.logs());
			}
			sleep();
		}
	}

	private static boolean probe(LabPod pod) {
		Probe probe = pod.readinessProbe();
		if (probe == null) {
			return true;
		}
		String where = "pod " + pod.namespace() + "/" + pod.name() + " readinessProbe";
		if (probe.getHttpGet() != null) {
			int port = pod.resolvePort(portText(probe.getHttpGet().getPort()), where);
			String url = "http://" + pod.ip() + ":" + port + probe.getHttpGet().getPath();
			String code = Command.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url)
				.in(pod.netns())
				.run(null)
				.output();
			return code.startsWith("2") || code.startsWith("3");
		}
		if (probe.getTcpSocket() != null) {
			int port = pod.resolvePort(portText(probe.getTcpSocket().getPort()), where);
			return Command.of("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + pod.ip() + "/" + port)
				.in(pod.netns())
				.run(null)
				.ok();
		}
		throw new LabException(where + ": the lab supports httpGet and tcpSocket probes");
	}

	private static String portText(io.fabric8.kubernetes.api.model.IntOrString port) {
		return (port.getIntVal() != null) ? String.valueOf(port.getIntVal()) : port.getStrVal();
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while waiting for the pods");
		}
	}

	private record Started(String netns, String name, Process process, Path log) {
	}

}
