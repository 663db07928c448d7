package io.netpoldemo.netpol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Reads ordinary Kubernetes YAML into a {@link Cluster}: files and directories (recursively, {@code .yaml} and
 * {@code .yml}), several documents per file. Deployments, StatefulSets, DaemonSets and ReplicaSets become one pod each,
 * named after the workload, from their pod template; so do Jobs and CronJobs. Each such pod names its workload in a
 * controller {@code ownerReference}. Objects without a namespace get the default one. Kinds that carry
 * no traffic (ServiceAccount, Secret, RBAC, Kustomization...) are skipped; any other kind is an error. Like
 * {@code kubectl apply -k}, files beside a {@code kustomization.yaml} that sets {@code namespace} get that namespace.
 * Policies of other APIs (AdminNetworkPolicy, Cilium, Calico) are left out and listed in {@link Manifests#ignored()}.
 * An object defined twice (same kind, namespace and name) is used as last defined, as {@code kubectl apply} would leave
 * it, and listed in {@link Manifests#duplicates()}. Each input is bounded before parsing ({@link #MAX_BYTES},
 * {@link #MAX_LINE}) and a document with a key twice is refused.
 */
public final class ManifestLoader {

	/** The namespace kubectl uses for objects that do not name one. */
	public static final String DEFAULT_NAMESPACE = "default";

	/** The largest input read: far above any set of manifests, far below what would exhaust a JVM's heap. */
	public static final int MAX_BYTES = 16 * 1024 * 1024;

	/** The longest line read: SnakeYAML needs seconds for a scalar of a few MiB on one line. */
	public static final int MAX_LINE = 1024 * 1024;

	/** The path that stands for standard input, as {@code kubectl apply -f -} has it. */
	public static final Path STDIN = Path.of("-");

	/** How errors and warnings name standard input. */
	private static final Path STDIN_NAME = Path.of("<stdin>");

	/**
	 * Policy kinds of other APIs: an AdminNetworkPolicy or a Cilium policy changes what the cluster allows, and this
	 * evaluator does not model them, so each is named when it is left out.
	 */
	private static final Set<String> IGNORED_KINDS = Set.of("AdminNetworkPolicy", "BaselineAdminNetworkPolicy",
			"ClusterNetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy");

	private static final Set<String> SKIPPED_KINDS = Set.of("ServiceAccount", "Secret", "ConfigMap", "Role",
			"RoleBinding", "ClusterRole", "ClusterRoleBinding", "Kustomization", "Component", "Ingress",
			"HorizontalPodAutoscaler", "PodDisruptionBudget", "Endpoints", "EndpointSlice",
			"ResourceQuota", "LimitRange", "PersistentVolumeClaim");

	/** The API groups whose kinds the evaluator reads or skips by name; a kind of any other group is another API's. */
	private static final Set<String> READ_GROUPS = Set.of("", "apps", "batch", "networking.k8s.io", "policy",
			"rbac.authorization.k8s.io", "autoscaling", "discovery.k8s.io");

	private static final List<String> READ_KINDS = List.of("Namespace", "Pod", "Deployment", "StatefulSet",
			"DaemonSet", "ReplicaSet", "Job", "CronJob", "Service", "NetworkPolicy", "List");

	private static final Map<String, Class<? extends HasMetadata>> WORKLOADS = Map.of("Deployment", Deployment.class,
			"StatefulSet", StatefulSet.class, "DaemonSet", DaemonSet.class, "ReplicaSet", ReplicaSet.class, "Job",
			Job.class, "CronJob", CronJob.class);

	// A key twice in one mapping is refused: YAML leaves it undefined, and kubectl's parser and Jackson's default keep
	// different ones.
	private static final ObjectMapper MAPPER = YAMLMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private ManifestLoader() {
	}

	/** Loads files and directories; objects without a namespace go to {@value #DEFAULT_NAMESPACE}. */
	public static Cluster load(List<Path> paths) {
		return load(paths, DEFAULT_NAMESPACE);
	}

	/** Loads files and directories; objects without a namespace go to {@code defaultNamespace}. */
	public static Cluster load(List<Path> paths, String defaultNamespace) {
		return read(paths, defaultNamespace, null).cluster();
	}

	/**
	 * Loads files and directories, and standard input for {@link #STDIN} when {@code stdin} is given.
	 * @param defaultNamespace the namespace of objects that name none
	 * @param stdin what {@code -} reads, or {@code null} to take {@code -} for a file name
	 * @return the cluster and what a reader should be told about the inputs
	 */
	public static Manifests read(List<Path> paths, String defaultNamespace, InputStream stdin) {
		Collector collector = new Collector();
		// One read of each directory's kustomization.yaml, however many files sit beside it.
		Map<Path, String> namespaces = new HashMap<>();
		boolean stdinRead = false;
		for (Path path : paths) {
			if (stdin != null && path.equals(STDIN)) {
				if (stdinRead) {
					throw new ManifestException(STDIN_NAME, 0, null, "standard input named twice; name - once");
				}
				stdinRead = true;
				collector.read(STDIN_NAME, readStdin(stdin), defaultNamespace);
				continue;
			}
			for (Path file : files(path)) {
				String text = ManifestInput.read(file);
				String namespace = namespaces.computeIfAbsent(file.toAbsolutePath().getParent(),
						(directory) -> kustomizeNamespace(directory, defaultNamespace));
				collector.read(file, text, namespace);
			}
		}
		return collector.manifests();
	}

	private static String readStdin(InputStream stdin) {
		try {
			return ManifestInput.read(stdin, STDIN_NAME);
		}
		catch (IOException ex) {
			throw new ManifestException(STDIN_NAME, 0, null, "cannot read standard input (" + ManifestInput.reason(ex) + ")");
		}
	}

	/**
	 * The {@code namespace} of a {@code kustomization.yaml} in the directory, which {@code kubectl apply -k} gives to
	 * every object without one; otherwise the default.
	 */
	private static String kustomizeNamespace(Path directory, String defaultNamespace) {
		for (String name : List.of("kustomization.yaml", "kustomization.yml")) {
			Path kustomization = directory.resolve(name);
			if (Files.isRegularFile(kustomization)) {
				try {
					JsonNode namespace = MAPPER.readTree(ManifestInput.read(kustomization)).get("namespace");
					return (namespace != null && namespace.isTextual()) ? namespace.asText() : defaultNamespace;
				}
				catch (IOException ex) {
					throw new ManifestException(kustomization, 1, null,
							"not valid YAML: " + ManifestErrors.firstLine(ex.getMessage()));
				}
			}
		}
		return defaultNamespace;
	}

	/** Parses YAML text; {@code source} names it in error messages. */
	public static Cluster parse(String yaml, Path source, String defaultNamespace) {
		return parseManifests(yaml, source, defaultNamespace).cluster();
	}

	/** Parses YAML text, with what a reader should be told about it; {@code source} names it in error messages. */
	public static Manifests parseManifests(String yaml, Path source, String defaultNamespace) {
		ManifestInput.check(yaml, source);
		Collector collector = new Collector();
		collector.read(source, yaml, defaultNamespace);
		return collector.manifests();
	}

	private static List<Path> files(Path path) {
		if (!Files.exists(path)) {
			throw new ManifestException(path, 0, null, "no such file or directory");
		}
		if (!Files.isDirectory(path)) {
			return List.of(path);
		}
		// Every *.yaml but directories: a FIFO or device of that name is then refused by name, not skipped unseen.
		try (Stream<Path> walk = Files.walk(path)) {
			return walk.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.filter((file) -> !Files.isDirectory(file))
				.sorted(Comparator.comparing(Path::toString))
				.toList();
		}
		catch (IOException ex) {
			throw new ManifestException(path, 0, null, "cannot list the directory (" + ManifestInput.reason(ex) + ")");
		}
		catch (UncheckedIOException ex) {
			// Files.walk reports a subdirectory it cannot open this way, while iterating.
			Path where = (ex.getCause() instanceof java.nio.file.FileSystemException failure
					&& failure.getFile() != null) ? Path.of(failure.getFile()) : path;
			throw new ManifestException(where, 0, null,
					"cannot list the directory (" + ManifestInput.reason(ex.getCause()) + ")");
		}
	}

	private static final class Collector {

		private String defaultNamespace;

		/** Each object by kind, namespace and name: a later definition replaces an earlier one. */
		private final Map<String, Object> objects = new LinkedHashMap<>();

		private final Map<String, String> places = new HashMap<>();

		private final List<Manifests.Ignored> ignored = new ArrayList<>();

		private final List<String> warnings = new ArrayList<>();

		private final List<Manifests.Duplicate> duplicates = new ArrayList<>();

		Manifests manifests() {
			List<Namespace> namespaces = new ArrayList<>();
			List<Pod> pods = new ArrayList<>();
			List<Service> services = new ArrayList<>();
			List<NetworkPolicy> policies = new ArrayList<>();
			for (Object object : this.objects.values()) {
				switch (object) {
					case Namespace namespace -> namespaces.add(namespace);
					case Pod pod -> pods.add(pod);
					case Service service -> services.add(service);
					case NetworkPolicy policy -> policies.add(policy);
					default -> throw new IllegalStateException("unexpected " + object.getClass());
				}
			}
			return new Manifests(new Cluster(namespaces, pods, services, policies), this.ignored, this.warnings,
					this.duplicates);
		}

		void read(Path file, String text, String defaultNamespace) {
			this.defaultNamespace = defaultNamespace;
			int document = 0;
			try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(text)) {
				while (true) {
					document++;
					JsonNode node;
					try {
						if (!documents.hasNextValue()) {
							return;
						}
						node = documents.nextValue();
					}
					catch (JacksonException ex) {
						throw new ManifestException(file, document, null, "not valid YAML"
								+ ManifestErrors.at(ex.getLocation()) + ": " + ManifestErrors.firstLine(ex.getOriginalMessage()));
					}
					if (node != null && !node.isNull() && !node.isMissingNode()) {
						object(file, document, node, "");
					}
				}
			}
			catch (IOException ex) {
				throw new ManifestException(file, document, null,
						"not valid YAML: " + ManifestErrors.firstLine(ex.getMessage()));
			}
		}

		private void object(Path file, int document, JsonNode node, String prefix) {
			if (!node.isObject()) {
				throw new ManifestException(file, document, prefix.isEmpty() ? null : prefix,
						"expected a Kubernetes object (a mapping with apiVersion and kind)");
			}
			JsonNode kindNode = node.get("kind");
			if (kindNode == null || !kindNode.isTextual()) {
				if (file.getFileName() != null && file.getFileName().toString().startsWith("kustomization.")) {
					return;
				}
				throw new ManifestException(file, document, prefix + "kind",
						"missing; every document must be a Kubernetes object with a kind");
			}
			String kind = kindNode.asText();
			if (SKIPPED_KINDS.contains(kind)) {
				return;
			}
			String apiVersion = node.path("apiVersion").asText("");
			if (IGNORED_KINDS.contains(kind) || (kind.equals("NetworkPolicy") && apiVersion.contains("projectcalico.org"))) {
				ignore(file, document, node, (kind.equals("NetworkPolicy")) ? "NetworkPolicy (" + apiVersion + ")" : kind);
				return;
			}
			switch (kind) {
				case "Namespace" -> add(file, document, kind, named(file, document, node, prefix, Namespace.class, false));
				case "Pod" -> {
					Pod pod = named(file, document, node, prefix, Pod.class, true);
					if (pod.getSpec() != null) {
						podSpec(file, document, prefix + "spec", pod.getSpec());
					}
					add(file, document, kind, pod);
				}
				case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> {
					HasMetadata workload = named(file, document, node, prefix, WORKLOADS.get(kind), true);
					add(file, document, kind, podOf(file, document, prefix, workload, node.path("spec").path("template")));
				}
				case "Service" -> {
					Service service = named(file, document, node, prefix, Service.class, true);
					check(file, document, prefix, PodAndServiceValidator.service(service));
					add(file, document, kind, service);
				}
				case "CronJob" -> {
					HasMetadata workload = named(file, document, node, prefix, CronJob.class, true);
					add(file, document, kind, podOf(file, document, prefix + "spec.jobTemplate.", workload,
							node.path("spec").path("jobTemplate").path("spec").path("template")));
				}
				case "NetworkPolicy" -> {
					NetworkPolicy policy = named(file, document, node, prefix, NetworkPolicy.class, true);
					check(file, document, prefix, PolicyValidator.validate(policy));
					add(file, document, kind, policy);
				}
				case "List" -> {
					JsonNode items = node.get("items");
					if (items != null && items.isArray()) {
						for (int i = 0; i < items.size(); i++) {
							object(file, document, items.get(i), prefix + "items[" + i + "].");
						}
					}
				}
				default -> {
					if (!READ_GROUPS.contains(group(apiVersion))) {
						// A resource of another API (a PrometheusRule, a ServiceMonitor, an Antrea policy): named, never
						// evaluated. An unknown kind of the APIs the evaluator reads is a mistake, and refused below.
						ignore(file, document, node, kind + " (" + apiVersion + ")");
						return;
					}
					throw new ManifestException(file, document, prefix + "kind",
						"unknown kind '" + kind + "'; expected one of " + String.join(", ", READ_KINDS)
								+ " (or a kind without traffic such as " + "ServiceAccount, Secret, Role)");
				}
			}
		}

		/** The API group of an apiVersion: empty for the core API ({@code v1}). */
		private static String group(String apiVersion) {
			int slash = apiVersion.indexOf('/');
			return (slash < 0) ? "" : apiVersion.substring(0, slash);
		}

		private static void check(Path file, int document, String prefix, PolicyValidator.Problem problem) {
			if (problem != null) {
				throw new ManifestException(file, document, prefix + problem.field(), problem.problem());
			}
		}

		private void ignore(Path file, int document, JsonNode node, String kind) {
			JsonNode metadata = node.path("metadata");
			String name = metadata.path("name").asText("(no name)");
			String namespace = metadata.path("namespace").asText("");
			boolean clusterScoped = namespace.isEmpty() && !kind.startsWith("NetworkPolicy")
					&& !kind.equals("CiliumNetworkPolicy");
			String id = clusterScoped ? name : ((namespace.isEmpty()) ? this.defaultNamespace : namespace) + "/" + name;
			this.ignored.add(new Manifests.Ignored(kind, id, place(file, document)));
		}

		private void add(Path file, int document, String kind, HasMetadata object) {
			String namespace = object.getMetadata().getNamespace();
			String id = ((namespace != null) ? namespace + "/" : "") + object.getMetadata().getName();
			String key = kind + " " + id;
			String place = place(file, document);
			String earlier = this.places.put(key, place);
			if (earlier != null) {
				this.duplicates.add(new Manifests.Duplicate(kind, id, earlier, place));
			}
			this.objects.put(key, object);
		}

		private static String place(Path file, int document) {
			return file + ", document " + document;
		}

		private <T extends HasMetadata> T named(Path file, int document, JsonNode node, String prefix, Class<T> type,
				boolean namespaced) {
			T object;
			try {
				object = MAPPER.treeToValue(node, type);
			}
			catch (JsonMappingException ex) {
				String field = prefix + ManifestErrors.path(ex);
				throw new ManifestException(file, document, field, ManifestErrors.problem(ex, node, type));
			}
			catch (JacksonException ex) {
				throw new ManifestException(file, document, null, ManifestErrors.firstLine(ex.getOriginalMessage()));
			}
			ObjectMeta metadata = object.getMetadata();
			if (metadata == null || metadata.getName() == null || metadata.getName().isBlank()) {
				throw new ManifestException(file, document, prefix + "metadata.name",
						"missing; every " + type.getSimpleName() + " needs a name");
			}
			check(file, document, prefix, PodAndServiceValidator.labels("metadata.labels", metadata.getLabels()));
			check(file, document, prefix, PolicyValidator.nullElement("metadata.ownerReferences",
					metadata.getOwnerReferences(), "an owner reference is a mapping with apiVersion, kind, name and uid"));
			if (namespaced && (metadata.getNamespace() == null || metadata.getNamespace().isBlank())) {
				metadata.setNamespace(this.defaultNamespace);
			}
			return object;
		}

		private void podSpec(Path file, int document, String path, PodSpec spec) {
			check(file, document, "", PodAndServiceValidator.podSpec(path, spec,
					(skipped) -> this.warnings.add(new ManifestException(file, document, skipped.field(),
							skipped.problem()).getMessage())));
		}

		private Pod podOf(Path file, int document, String prefix, HasMetadata workload, JsonNode node) {
			PodTemplateSpec template;
			try {
				template = node.isObject() ? MAPPER.treeToValue(node, PodTemplateSpec.class) : null;
			}
			catch (JsonMappingException ex) {
				throw new ManifestException(file, document, prefix + "spec.template." + ManifestErrors.path(ex),
						ManifestErrors.problem(ex, node, PodTemplateSpec.class));
			}
			catch (JacksonException ex) {
				throw new ManifestException(file, document, prefix + "spec.template",
						ManifestErrors.firstLine(ex.getOriginalMessage()));
			}
			if (template == null || template.getSpec() == null) {
				throw new ManifestException(file, document, prefix + "spec.template",
						"missing; a " + workload.getKind() + " needs a pod template");
			}
			ObjectMeta meta = (template.getMetadata() != null) ? template.getMetadata() : new ObjectMeta();
			check(file, document, prefix, PodAndServiceValidator.labels("spec.template.metadata.labels", meta.getLabels()));
			podSpec(file, document, prefix + "spec.template.spec", template.getSpec());
			// The pod names its workload as a controller does, so that lists show the workload as netpol-analyzer does.
			return new PodBuilder().withNewMetadata()
				.withName(workload.getMetadata().getName())
				.withNamespace(workload.getMetadata().getNamespace())
				.withLabels(meta.getLabels())
				.addNewOwnerReference()
				.withApiVersion(workload.getApiVersion())
				.withKind(workload.getKind())
				.withName(workload.getMetadata().getName())
				.withController(true)
				.endOwnerReference()
				.endMetadata()
				.withSpec(template.getSpec())
				.build();
		}

	}

}
