package io.netpoldemo.user.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.ManifestException;
import io.netpoldemo.netpol.ManifestLoader;
import io.netpoldemo.user.expectation.Preview;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The NetworkPolicies of a "what if" request, read by netpol's own {@link ManifestLoader} (so a broken document gets
 * the evaluator's message, naming the document and the field), and how they change the policies in force.
 *
 * @param policies the policies of the body
 * @param warnings the documents that are not NetworkPolicies, each named, ignored
 */
record PolicyChange(List<NetworkPolicy> policies, List<String> warnings) {

	/** How the body is named in the evaluator's messages. */
	static final Path SOURCE = Path.of("request body");

	static PolicyChange parse(String yaml, String namespace) {
		Cluster parsed;
		try {
			parsed = ManifestLoader.parse(yaml, SOURCE, namespace);
		}
		catch (ManifestException ex) {
			throw Preview.Refused.badInput(ex.getMessage());
		}
		catch (RuntimeException ex) {
			// The loader's message where it has one; anything else it failed on is still the body's doing.
			throw Preview.Refused.badInput("the evaluator cannot read the body: "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		List<String> warnings;
		try {
			warnings = otherKinds(yaml);
		}
		catch (RuntimeException ex) {
			throw Preview.Refused.badInput("the body is not valid YAML (" + ex.getMessage() + ")");
		}
		if (parsed.policies().isEmpty()) {
			throw Preview.Refused.badInput("the body holds no NetworkPolicy"
					+ (warnings.isEmpty() ? "" : ": " + String.join("; ", warnings)));
		}
		return new PolicyChange(parsed.policies(), warnings);
	}

	/** The documents of another kind, by number: the loader reads what it needs and skips the rest without a word. */
	private static List<String> otherKinds(String yaml) {
		List<String> warnings = new ArrayList<>();
		int number = 0;
		for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
			number++;
			if (document instanceof Map<?, ?> map && !"NetworkPolicy".equals(map.get("kind"))) {
				Object metadata = map.get("metadata");
				Object name = (metadata instanceof Map<?, ?> m) ? m.get("name") : null;
				warnings.add("document " + number + " (" + map.get("kind") + ((name != null) ? " " + name : "")
						+ ") is not a NetworkPolicy: ignored");
			}
		}
		return warnings;
	}

	/**
	 * The policies in force with this change.
	 * @param inForce the policies in force
	 * @param replace whether the body stands in for every policy of its namespaces
	 * @return the changed list
	 */
	List<NetworkPolicy> applyTo(List<NetworkPolicy> inForce, boolean replace) {
		Set<String> namespaces = this.policies.stream().map(PolicyChange::namespace).collect(Collectors.toSet());
		Set<String> names = this.policies.stream().map(PolicyChange::id).collect(Collectors.toSet());
		List<NetworkPolicy> changed = new ArrayList<>();
		for (NetworkPolicy policy : inForce) {
			boolean replaced = replace ? namespaces.contains(namespace(policy)) : names.contains(id(policy));
			if (!replaced) {
				changed.add(policy);
			}
		}
		changed.addAll(this.policies);
		return changed;
	}

	List<String> names() {
		return this.policies.stream().map(PolicyChange::id).toList();
	}

	private static String namespace(NetworkPolicy policy) {
		return policy.getMetadata().getNamespace();
	}

	private static String id(NetworkPolicy policy) {
		return namespace(policy) + "/" + policy.getMetadata().getName();
	}

}
