package io.netpoldemo.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * Starts what runs in each namespace (the demo's jars, dnsmasq, the lab's servers) and waits until it is ready.
 *
 * <p>
 * Each pod is as isolated as a container: besides its network namespace it gets a PID namespace (it sees its own
 * processes only, so no pod reads another's environment, where the auth token is, or command line), a mount namespace
 * with a private {@code /tmp}, and the lab's state directory covered by an empty read-only mount. It runs as its
 * manifest's user. What it reads is staged ({@link StagedFiles}), outside the checkout.
 *
 * <p>
 * Every process is started through {@code setsid ip netns exec ... unshare --fork}; the PID recorded under
 * {@code pids/} is {@code unshare}'s, which lives exactly as long as the pod's process (and takes it down with it),
 * so {@code down} stops exactly what {@code up} started and a pod that exited is seen as such.
 */
final class PodProcesses {

	/** Fewer JIT threads and a small heap: five JVMs share a 2-core machine, and they serve a few requests each. */
	private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-XX:MaxRAMPercentage=10", "-Xss512k", "-Djava.io.tmpdir=/tmp");

	/**
	 * What the lab's service pods leave out of their Spring Boot start, because nothing in the lab reads it: the meters
	 * of the JVM, the system, Tomcat, logging, tasks and TLS, and the observations (no Prometheus scrapes the lab; the
	 * checks' own meters stay, and {@code /actuator/prometheus} with them), TLS bundles and their health, the disk
	 * space health indicator and multipart uploads (the demo has none). Five JVMs start at once on the lab's 2 cores;
	 * these take about 15% of each service's start (docs/BENCHMARKS.md). In a cluster the services keep them all.
	 */
	static final List<String> LAB_EXCLUDED = List.of(
			"org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
			"org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration",
			"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
			"org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
			"org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration",
			"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
			"org.springframework.boot.health.autoconfigure.application.SslHealthContributorAutoConfiguration",
			"org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration",
			"org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration");

	/** Spring Boot's {@code spring.autoconfigure.exclude}, as an environment variable. */
	static final String EXCLUDE_VARIABLE = "SPRING_AUTOCONFIGURE_EXCLUDE";

	private static final String INTERNET_LOG = "internet";

	/** Where the internet's server answers HTTPS, on every address of the internet namespace. */
	private static final int INTERNET_PORT = 443;

	private static final String CONTROLLER = "controller";

	/**
	 * Run as root inside the pod's new mount namespace before it drops to the pod's user: (when $1 is set) an empty
	 * read-only tmpfs over the lab's state directory, then a private {@code /tmp}. In that order: a state directory
	 * under {@code /tmp} (a checkout there) is no longer a mount point once the private {@code /tmp} covers it.
	 */
	private static final String ISOLATE = "{ [ -z \"$1\" ] || mount -t tmpfs -o ro,mode=0700,size=4k tmpfs \"$1\"; }"
			+ " && mount -t tmpfs -o mode=1777,nosuid,nodev,size=64m tmpfs /tmp && shift && exec \"$@\"";

	/** The lab's own servers: their own PID and mount namespaces, and the node's files (the lab's key store). */
	private static final String OWN_NAMESPACES = "shift && exec \"$@\"";

	private final LabTopology topology;

	private final LabSettings settings;

	private final StagedFiles staged;

	private final List<Started> started = new ArrayList<>();

	/** The java arguments of each service module that starts from its AOT cache (see {@link ServiceLaunch}). */
	private final Map<String, List<String>> launches = new ConcurrentHashMap<>();

	PodProcesses(LabTopology topology, LabSettings settings) {
		this.topology = topology;
		this.settings = settings;
		this.staged = new StagedFiles(settings);
	}

	/**
	 * Looks up every service's AOT cache at once, on a thread of its own: a first up after a build trains them side
	 * by side. {@link #startAll} starts the services from what it found; wait for it first.
	 * @return done once every launch is known
	 */
	CompletableFuture<Void> prepareLaunches() {
		return CompletableFuture.allOf(this.topology.pods()
			.stream()
			.filter((pod) -> pod.runtime() == PodRuntime.SERVICE_JAR)
			.map(LabPod::module)
			.distinct()
			.map((module) -> CompletableFuture.runAsync(() -> fromCache(module)
				.ifPresent((arguments) -> this.launches.put(module, arguments)), Thread.ofVirtual()::start))
			.toArray(CompletableFuture[]::new));
	}

	/**
	 * The module's launch from its AOT cache, made for the environment its pods run in when they share one (the
	 * demo's modules run one pod each).
	 */
	private Optional<List<String>> fromCache(String module) {
		List<Map<String, String>> envs = this.topology.pods()
			.stream()
			.filter((pod) -> pod.runtime() == PodRuntime.SERVICE_JAR && pod.module().equals(module))
			.map(this::env)
			.distinct()
			.toList();
		return ServiceLaunch.fromCache(this.settings, module, JVM_FLAGS, (envs.size() == 1) ? envs.get(0) : null);
	}

	void startAll(LabCertificates certificates) {
		try {
			Files.createDirectories(this.settings.logs());
			Files.createDirectories(this.settings.pids());
			// The lab's own files (logs, the key store and its password) are for the lab alone.
			Files.setPosixFilePermissions(this.settings.stateDir(), PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new LabException("cannot create " + this.settings.stateDir() + ": " + ex.getMessage());
		}
		StateFiles.write(passwordFile(), certificates.password());
		this.staged.trustStore(certificates.trustStore());
		startInternet();
		for (LabPod pod : this.topology.pods()) {
			startPod(pod);
		}
	}

	/**
	 * Starts again the pods (and the internet) whose process has exited, keeping their logs, and waits until they
	 * are ready.
	 * @return what was restarted, with the log of each
	 */
	List<String> restartExited() {
		List<String> restarted = new ArrayList<>();
		if (!running(this.topology.internetNetns())) {
			startInternet();
			restarted.add("the internet (" + log(INTERNET_LOG) + ")");
		}
		List<LabPod> pods = new ArrayList<>();
		for (LabPod pod : this.topology.pods()) {
			if (!running(pod.netns())) {
				startPod(pod);
				pods.add(pod);
				restarted.add(pod.namespace() + "/" + pod.name() + " (" + log(pod.name()) + ")");
			}
		}
		if (!restarted.isEmpty()) {
			awaitReady(pods);
		}
		return restarted;
	}

	/**
	 * Whether the process recorded for a namespace still runs there (a PID can be reused by another process).
	 * @param netns the network namespace
	 */
	boolean running(String netns) {
		Path pidFile = this.settings.pids().resolve(netns + ".pid");
		try {
			if (!Files.exists(pidFile)) {
				return false;
			}
			String pid = Files.readString(pidFile).strip();
			return Files.exists(Path.of("/proc", pid)) && Command.of("ip", "netns", "identify", pid)
				.run(null)
				.output()
				.strip()
				.equals(netns);
		}
		catch (IOException ex) {
			return false;
		}
	}

	Path log(String name) {
		return this.settings.logs().resolve(name + ".log");
	}

	private void startInternet() {
		start(this.topology.internetNetns(), INTERNET_LOG, Map.of(), javaCommand(classArchive(INTERNET_LOG), "-cp",
				this.staged.serverClassPath(), LabServer.class.getName(), "internet", String.valueOf(INTERNET_PORT),
				this.settings.tls().resolve("server.p12").toString(), passwordFile().toString()), null, Isolation.LAB_SERVER);
	}

	private void startPod(LabPod pod) {
		List<String> command = switch (pod.runtime()) {
			case DNSMASQ -> List.of("dnsmasq", "--keep-in-foreground", "--conf-file=" + writeDnsConfig(pod));
			case HTTP_SERVER -> javaCommand(List.of(), "-cp", this.staged.serverClassPath(), LabServer.class.getName(),
					"argocd", String.valueOf(pod.ports().get(0).getContainerPort()));
			case SERVICE_JAR -> javaCommand(trustStoreFlags(pod), launch(pod));
		};
		start(pod.netns(), pod.name(), env(pod), command, runAs(pod), Isolation.POD);
	}

	private Path passwordFile() {
		return this.settings.tls().resolve("password");
	}

	/**
	 * Checks, before anything is built, that each pod's user can run the JVM the lab starts it with: a JDK in a
	 * folder only its owner can enter (a home directory) cannot run a non-root pod.
	 */
	void requireRunnable() {
		for (LabPod pod : this.topology.pods()) {
			List<String> runAs = runAs(pod);
			if (runAs == null || pod.runtime() != PodRuntime.SERVICE_JAR) {
				continue;
			}
			List<String> test = new ArrayList<>(runAs);
			test.addAll(List.of("test", "-x", this.settings.java().toString()));
			if (!new Command(test).run(null).ok()) {
				throw new LabException("pod " + pod.namespace() + "/" + pod.name() + " runs as " + runAs.get(1)
						+ ", which cannot run " + this.settings.java() + " (a folder on its path is closed to other"
						+ " users): set JAVA_HOME or JAVA to a JDK every user can run, such as one under /usr/lib/jvm."
						+ " Nothing was started.");
			}
		}
	}

	/**
	 * Starts the lab's controller in the router namespace: a warm JVM that serves {@code apply}, {@code add} and
	 * {@code status} (see {@link LabController}).
	 */
	void startController() {
		start(this.topology.routerNetns(), CONTROLLER, Map.of(), javaCommand(classArchive(CONTROLLER), "-cp",
				this.settings.classPath(), "io.netpoldemo.lab.LabCommand", "--prefix", this.settings.prefix(),
				"--state", this.settings.stateDir().toString(), "--k8s", this.settings.manifests().toString(),
				"controller"), null, Isolation.NODE);
	}

	/**
	 * The Deployment's env; for a service, the auto-configurations the lab leaves out ({@link #LAB_EXCLUDED}, after any
	 * the Deployment excludes itself); for the user service, where its policy evaluator reads the lab's cluster:
	 * without an API server that file is how it learns what is in force.
	 */
	private Map<String, String> env(LabPod pod) {
		if (pod.runtime() != PodRuntime.SERVICE_JAR) {
			return pod.env();
		}
		Map<String, String> env = new LinkedHashMap<>(pod.env());
		env.merge(EXCLUDE_VARIABLE, String.join(",", LAB_EXCLUDED), (own, lab) -> own + "," + lab);
		if (pod.module().equals("user-service")) {
			env.put("CHECKS_EXPECTATIONS_MANIFESTS", this.settings.expectedCluster().toString());
		}
		return env;
	}

	/** Only the user service, the one pod that calls the internet, trusts the lab's CA. */
	private List<String> trustStoreFlags(LabPod pod) {
		if (!pod.module().equals("user-service")) {
			return List.of();
		}
		return List.of("-Djavax.net.ssl.trustStore=" + this.staged.trustStore(), "-Djavax.net.ssl.trustStoreType=PKCS12");
	}

	/** From the module's AOT cache when it has one, else its staged jar. */
	private String[] launch(LabPod pod) {
		List<String> cached = this.launches.computeIfAbsent(pod.module(),
				(module) -> fromCache(module).orElse(null));
		return (cached != null) ? cached.toArray(String[]::new) : new String[] { "-jar", requireJar(pod).toString() };
	}

	/** The module's jar, staged: the pod's user may not be able to enter the checkout. */
	private Path requireJar(LabPod pod) {
		Path jar = this.settings.jar(pod.module());
		if (!Files.isReadable(jar)) {
			throw new LabException("pod " + pod.namespace() + "/" + pod.name() + " runs " + jar
					+ ", which is missing: build it with ./mvnw -B -ntp -pl " + pod.module() + " -am -DskipTests package");
		}
		return this.staged.jar(jar);
	}

	/**
	 * A class archive for one of the lab's own JVMs (the controller, the internet's server), made by the JVM when it
	 * exits (at {@code down}) and used from the next {@code up} on, kept beside the services' AOT caches: it takes a
	 * third off their start's CPU, which on 2 cores is time the pods' JVMs get, and a {@code lab apply} right after
	 * {@code up} waits less for the controller. The JVM makes it again after the lab is rebuilt.
	 * @param name the archive's name, one per JVM: two JVMs must not write the same archive as they exit
	 */
	private List<String> classArchive(String name) {
		Path dir = ServiceLaunch.CACHE_ROOT.resolve(this.settings.prefix());
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			return List.of();
		}
		return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve(name + ".jsa"),
				"-Xlog:cds=off", "-Xlog:cds+dynamic=off");
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

	/** How much of the host a process sees besides its network namespace. */
	private enum Isolation {

		/** The lab's controller: the node's view, it runs ip and nft on every namespace. */
		NODE,

		/** The lab's internet server: its own PID and mount namespaces; it reads the lab's key store, wherever it is. */
		LAB_SERVER,

		/** A pod: its own PID and mount namespaces, a private /tmp, the lab's state directory hidden. */
		POD

	}

	private void start(String netns, String name, Map<String, String> env, List<String> command, List<String> runAs,
			Isolation isolation) {
		List<String> full = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", netns));
		if (isolation != Isolation.NODE) {
			full.addAll(List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation",
					"private", "--", "sh", "-c", (isolation == Isolation.POD) ? ISOLATE : OWN_NAMESPACES, name,
					(isolation == Isolation.POD) ? this.settings.stateDir().toString() : ""));
		}
		if (runAs != null) {
			full.addAll(runAs);
		}
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full);
		podEnvironment(builder.environment(), env);
		Path log = log(name);
		// Appended: a pod restarted by up keeps the log of the run that died.
		builder.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
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

	/**
	 * Makes a process environment the one a pod sees: its Deployment's env, not the environment of whoever ran make
	 * (only PATH, LANG and TZ, and HOME as /tmp).
	 * @param environment a process builder's environment, changed in place
	 * @param env the pod's env
	 */
	static void podEnvironment(Map<String, String> environment, Map<String, String> env) {
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
		Path file = this.staged.dnsConfig();
		StateFiles.replace(file, config.toString());
		return file;
	}

	/**
	 * Waits until every pod answers its readiness probe, failing early with the log of a process that exited.
	 */
	void awaitReady() {
		awaitReady(this.topology.pods());
	}

	private void awaitReady(List<LabPod> pods) {
		long deadline = System.nanoTime() + this.settings.readyTimeout().toNanos();
		Map<LabPod, Boolean> ready = new LinkedHashMap<>();
		pods.forEach((pod) -> ready.put(pod, false));
		// The internet is part of the lab too: up only once its server listens, so the first check finds it.
		boolean internet = false;
		while (ready.containsValue(false) || !internet) {
			internet = internet || Listening.on(pid(this.topology.internetNetns()), INTERNET_PORT);
			for (Started process : this.started) {
				if (!process.process().isAlive()) {
					throw new LabException(process.name() + " in " + process.netns() + " exited with code "
							+ process.process().exitValue() + "; its log " + process.log() + " ends with:\n"
							+ tail(process.log()));
				}
			}
			for (var entry : ready.entrySet()) {
				if (!entry.getValue()) {
					entry.setValue(probe(entry.getKey(), pid(entry.getKey())));
				}
			}
			if (System.nanoTime() > deadline) {
				throw new LabException("not ready after " + this.settings.readyTimeout().toSeconds() + " s: "
						+ ready.entrySet()
							.stream()
							.filter((entry) -> !entry.getValue())
							.map((entry) -> entry.getKey().name())
							.collect(Collectors.joining(", ")) + (internet ? "" : " (and the internet's server)")
						+ "; logs in " + this.settings.logs());
			}
			sleep();
		}
	}

	/** The PID of the pod's process (in the pod's network namespace), or -1 when it was not started here. */
	private long pid(LabPod pod) {
		return pid(pod.netns());
	}

	/** The PID of the process started last in a namespace, or -1 when none was started here. */
	private long pid(String netns) {
		return this.started.stream()
			.filter((process) -> process.netns().equals(netns))
			.reduce((first, second) -> second)
			.map((process) -> process.process().pid())
			.orElse(-1L);
	}

	private static boolean probe(LabPod pod, long pid) {
		Probe probe = pod.readinessProbe();
		if (probe == null) {
			return true;
		}
		String where = "pod " + pod.namespace() + "/" + pod.name() + " readinessProbe";
		if (probe.getHttpGet() != null) {
			int port = pod.resolvePort(portText(probe.getHttpGet().getPort()), where);
			if (!Listening.on(pid, port)) {
				// Nothing listens yet: no probe process to start, which would take CPU from the JVMs starting.
				return false;
			}
			String url = "http://" + pod.ip() + ":" + port + probe.getHttpGet().getPath();
			String code = Command.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url)
				.in(pod.netns())
				.run(null)
				.output();
			return code.startsWith("2") || code.startsWith("3");
		}
		if (probe.getTcpSocket() != null) {
			int port = pod.resolvePort(portText(probe.getTcpSocket().getPort()), where);
			if (!Listening.on(pid, port)) {
				return false;
			}
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
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while waiting for the pods");
		}
	}

	private record Started(String netns, String name, Process process, Path log) {
	}

}
