package io.netpoldemo.netpol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JacksonException;
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
 */
public final class ManifestLoader {

	/** The namespace kubectl uses for objects that do not name one. */
	public static final String DEFAULT_NAMESPACE = "default";

	private static final Set<String> SKIPPED_KINDS = Set.of("ServiceAccount", "Secret", "ConfigMap", "Role",
			"RoleBinding", "ClusterRole", "ClusterRoleBinding", "Kustomization", "Component", "Ingress",
			"HorizontalPodAutoscaler", "PodDisruptionBudget", "Endpoints", "EndpointSlice",
			"ResourceQuota", "LimitRange", "PersistentVolumeClaim");

	private static final List<String> READ_KINDS = List.of("Namespace", "Pod", "Deployment", "StatefulSet",
			"DaemonSet", "ReplicaSet", "Job", "CronJob", "Service", "NetworkPolicy", "List");

	private static final Map<String, Class<? extends HasMetadata>> WORKLOADS = Map.of("Deployment", Deployment.class,
			"StatefulSet", StatefulSet.class, "DaemonSet", DaemonSet.class, "ReplicaSet", ReplicaSet.class, "Job",
			Job.class, "CronJob", CronJob.class);

	private static final ObjectMapper MAPPER = YAMLMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private ManifestLoader() {
	}

	/** Loads files and directories; objects without a namespace go to {@value #DEFAULT_NAMESPACE}. */
	public static Cluster load(List<Path> paths) {
		return load(paths, DEFAULT_NAMESPACE);
	}

	/** Loads files and directories; objects without a namespace go to {@code defaultNamespace}. */
	public static Cluster load(List<Path> paths, String defaultNamespace) {
		Collector collector = new Collector();
		// One read of each directory's kustomization.yaml, however many files sit beside it.
		Map<Path, String> namespaces = new HashMap<>();
		for (Path path : paths) {
			for (Path file : files(path)) {
				String text;
				try {
					text = Files.readString(file);
				}
				catch (IOException ex) {
					throw new ManifestException(file, 0, null, "cannot read the file (" + ex.getMessage() + ")");
				}
				String namespace = namespaces.computeIfAbsent(file.toAbsolutePath().getParent(),
						(directory) -> kustomizeNamespace(directory, defaultNamespace));
				collector.read(file, text, namespace);
			}
		}
		return collector.cluster();
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
					JsonNode namespace = MAPPER.readTree(kustomization.toFile()).get("namespace");
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
		Collector collector = new Collector();
		collector.read(source, yaml, defaultNamespace);
		return collector.cluster();
	}

	private static List<Path> files(Path path) {
		if (!Files.exists(path)) {
			throw new ManifestException(path, 0, null, "no such file or directory");
		}
		if (!Files.isDirectory(path)) {
			return List.of(path);
		}
		try (Stream<Path> walk = Files.walk(path)) {
			return walk.filter(Files::isRegularFile)
				.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.sorted(Comparator.comparing(Path::toString))
				.toList();
		}
		catch (IOException ex) {
			throw new ManifestException(path, 0, null, "cannot list the directory (" + ex.getMessage() + ")");
		}
	}

	private static final class Collector {

		private String defaultNamespace;

		private final List<Namespace> namespaces = new ArrayList<>();

		private final List<Pod> pods = new ArrayList<>();

		private final List<Service> services = new ArrayList<>();

		private final List<NetworkPolicy> policies = new ArrayList<>();

		Cluster cluster() {
			return new Cluster(this.namespaces, this.pods, this.services, this.policies);
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
			switch (kind) {
				case "Namespace" -> this.namespaces.add(named(file, document, node, prefix, Namespace.class, false));
				case "Pod" -> this.pods.add(named(file, document, node, prefix, Pod.class, true));
				case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> {
					HasMetadata workload = named(file, document, node, prefix, WORKLOADS.get(kind), true);
					this.pods.add(podOf(file, document, prefix, workload, node.path("spec").path("template")));
				}
				case "CronJob" -> {
					HasMetadata workload = named(file, document, node, prefix, CronJob.class, true);
					this.pods.add(podOf(file, document, prefix + "spec.jobTemplate.", workload,
							node.path("spec").path("jobTemplate").path("spec").path("template")));
				}
				case "Service" -> this.services.add(named(file, document, node, prefix, Service.class, true));
				case "NetworkPolicy" -> {
					NetworkPolicy policy = named(file, document, node, prefix, NetworkPolicy.class, true);
					PolicyValidator.Problem problem = PolicyValidator.validate(policy);
					if (problem != null) {
						throw new ManifestException(file, document, prefix + problem.field(), problem.problem());
					}
					this.policies.add(policy);
				}
				case "List" -> {
					JsonNode items = node.get("items");
					if (items != null && items.isArray()) {
						for (int i = 0; i < items.size(); i++) {
							object(file, document, items.get(i), prefix + "items[" + i + "].");
						}
					}
				}
				default -> throw new ManifestException(file, document, prefix + "kind",
						"unknown kind '" + kind + "'; expected one of " + String.join(", ", READ_KINDS)
								+ " (or a kind without traffic such as " + "ServiceAccount, Secret, Role)");
			}
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
			if (namespaced && (metadata.getNamespace() == null || metadata.getNamespace().isBlank())) {
				metadata.setNamespace(this.defaultNamespace);
			}
			return object;
		}

		private static Pod podOf(Path file, int document, String prefix, HasMetadata workload, JsonNode node) {
			PodTemplateSpec template = node.isObject() ? MAPPER.convertValue(node, PodTemplateSpec.class) : null;
			if (template == null || template.getSpec() == null) {
				throw new ManifestException(file, document, prefix + "spec.template",
						"missing; a " + workload.getKind() + " needs a pod template");
			}
			ObjectMeta meta = (template.getMetadata() != null) ? template.getMetadata() : new ObjectMeta();
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
