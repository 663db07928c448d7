package io.netpoldemo.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * Reads the demo's manifests into typed fabric8 objects, strictly: a misspelt or misplaced field is an error naming
 * the file, the document and the field, where the API server would silently drop it (or kubectl reject it only at
 * apply time).
 */
final class Manifests {

	/** The repository root: the tests run in the module directory, {@code k8s/}. */
	static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	static final Path K8S = ROOT.resolve("k8s");

	static final Path POLICIES = K8S.resolve("policies");

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
			Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
			Map.entry("v1/Service", Service.class), Map.entry("v1/Secret", Secret.class),
			Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("apps/v1/Deployment", Deployment.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
			Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
			Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
			Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class));

	private static final ObjectMapper MAPPER = strictMapper();

	private Manifests() {
	}

	/** Every object of the application manifests, {@code k8s/*.yaml} without the kustomization. */
	static List<Manifest> application() {
		return readDirectory(K8S);
	}

	/** Every object of the scenarios, {@code k8s/policies/*.yaml}. */
	static List<Manifest> policies() {
		return readDirectory(POLICIES);
	}

	static <T extends HasMetadata> List<T> ofType(List<Manifest> manifests, Class<T> type) {
		return manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
	}

	static List<Manifest> readDirectory(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".yaml"))
				.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.flatMap((file) -> read(file).stream())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Manifest> read(Path file) {
		try {
			return parse(file, Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Manifest> parse(Path file, String yaml) {
		List<Manifest> manifests = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
			int index = 0;
			while (documents.hasNext()) {
				index++;
				JsonNode node = documents.next();
				if (node == null || node.isNull() || node.isEmpty()) {
					continue;
				}
				manifests.add(new Manifest(file, index, toObject(file, index, node)));
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(file + ": not valid YAML: " + ex.getMessage(), ex);
		}
		return manifests;
	}

	private static HasMetadata toObject(Path file, int index, JsonNode node) {
		String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
		Class<? extends HasMetadata> kind = KINDS.get(type);
		if (kind == null) {
			throw new IllegalArgumentException(file + " document " + index + ": unexpected apiVersion/kind " + type
					+ "; known: " + KINDS.keySet().stream().sorted().toList());
		}
		try {
			return MAPPER.treeToValue(node, kind);
		}
		catch (JsonMappingException ex) {
			throw new IllegalArgumentException(file + " document " + index + " (" + type + "), field "
					+ ex.getPathReference() + ": " + ex.getOriginalMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectMapper strictMapper() {
		// fabric8's model classes collect unknown fields in an "additionalProperties" map through @JsonAnySetter,
		// which would let a typo such as "readinesProbe" through. Dropping the any-setter makes every unknown
		// field an error, with the path to it.
		SimpleModule noAdditionalProperties = new SimpleModule();
		noAdditionalProperties.setDeserializerModifier(new BeanDeserializerModifier() {

			@Override
			public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
					BeanDeserializerBuilder builder) {
				builder.setAnySetter(null);
				return builder;
			}

		});
		return YAMLMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.addModule(noAdditionalProperties)
			.build();
	}

}
