package io.netpoldemo.lab.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The objects the lab runs: what {@code kubectl apply -k k8s} would create, plus the lab's own kube-system and
 * argocd objects. Only the kinds the lab acts on are kept; RBAC and ServiceAccounts have no meaning without an API
 * server.
 *
 * @param namespaces the namespaces, as declared
 * @param deployments the Deployments, each becoming one pod
 * @param services the Services, each becoming a virtual IP
 * @param secrets the Secrets, read for {@code secretKeyRef} env
 * @param configMaps the ConfigMaps, read for {@code configMapKeyRef} env
 * @param namespace the kustomization's namespace: where objects without one, and the policies, go
 */
public record ManifestSet(List<Namespace> namespaces, List<Deployment> deployments, List<Service> services,
		List<Secret> secrets, List<ConfigMap> configMaps, String namespace) {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static final String LAB_CLUSTER = "lab-cluster.yaml";

	/**
	 * Reads a kustomization directory the way {@code kubectl apply -k} composes it (its {@code resources} files and
	 * its {@code namespace}), then adds the lab's own cluster objects.
	 * @param kustomizationDir a directory holding {@code kustomization.yaml}
	 * @return every object the lab runs
	 */
	public static ManifestSet load(Path kustomizationDir) {
		Path kustomization = kustomizationDir.resolve("kustomization.yaml");
		JsonNode root = readTree(kustomization);
		String namespace = root.path("namespace").asText("default");
		ManifestSet set = new ManifestSet(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), namespace);
		for (JsonNode resource : root.path("resources")) {
			Path file = kustomizationDir.resolve(resource.asText());
			if (Files.isDirectory(file)) {
				throw new LabException(kustomization + ": resource '" + resource.asText()
						+ "' is a directory; the lab reads only files listed in resources");
			}
			try (InputStream in = Files.newInputStream(file)) {
				set.add(file.toString(), in, namespace);
			}
			catch (IOException ex) {
				throw new LabException(kustomization + ": cannot read resource " + file + ": " + ex.getMessage());
			}
		}
		try (InputStream in = ManifestSet.class.getResourceAsStream(LAB_CLUSTER)) {
			set.add(LAB_CLUSTER, in, namespace);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return set;
	}

	private static JsonNode readTree(Path file) {
		try {
			return YAML.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new LabException(file + ": " + ex.getMessage());
		}
	}

	private void add(String source, InputStream in, String defaultNamespace) throws IOException {
		int index = 0;
		try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(in)) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				index++;
				if (document == null || !document.isObject()) {
					continue;
				}
				ObjectNode metadata = ((ObjectNode) document).withObject("/metadata");
				String kind = document.path("kind").asText();
				if (!"Namespace".equals(kind) && !metadata.hasNonNull("namespace")) {
					metadata.put("namespace", defaultNamespace);
				}
				String where = source + " document " + index + " (" + kind + ")";
				switch (kind) {
					case "Namespace" -> this.namespaces.add(convert(document, Namespace.class, where));
					case "Deployment" -> this.deployments.add(convert(document, Deployment.class, where));
					case "Service" -> this.services.add(convert(document, Service.class, where));
					case "Secret" -> this.secrets.add(convert(document, Secret.class, where));
					case "ConfigMap" -> this.configMaps.add(convert(document, ConfigMap.class, where));
					default -> {
						// ServiceAccounts, RBAC and the like need an API server; nothing in the lab reads them.
					}
				}
			}
		}
	}

	private static <T extends HasMetadata> T convert(JsonNode document, Class<T> type, String where) {
		try {
			return YAML.treeToValue(document, type);
		}
		catch (JsonProcessingException ex) {
			throw new LabException(where + ": " + ex.getOriginalMessage(), 2);
		}
	}

}
