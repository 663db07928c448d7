package io.netpoldemo.lab.host;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.netpol.Cluster;

/**
 * The lab's cluster as Kubernetes YAML, for the user service's policy evaluator
 * ({@code checks.expectations.manifests}): the lab has no API server to watch, so every policy switch rewrites this
 * file from the same {@link Cluster} the nftables rules were planned from. What the service expects is then exactly
 * what the lab enforces.
 */
final class ExpectedCluster {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private ExpectedCluster() {
	}

	/**
	 * Replaces the file with the cluster, atomically.
	 * @param file where the user service reads it
	 * @param cluster the namespaces, pods, Services and policies in force
	 * @param policyFiles the policy files the policies come from, named in the header
	 */
	static void write(Path file, Cluster cluster, List<Path> policyFiles) {
		StringBuilder yaml = new StringBuilder();
		yaml.append("# The lab's cluster as the user service's policy evaluator sees it, rewritten on every switch.\n");
		yaml.append("# Policies in force from: ")
			.append(policyFiles.isEmpty() ? "none" : String.join(" ", policyFiles.stream().map(Path::toString).toList()))
			.append('\n');
		Stream.of(cluster.namespaces(), cluster.pods(), cluster.services(), cluster.policies())
			.flatMap(List::stream)
			.forEach((object) -> yaml.append(document(object)));
		StateFiles.replace(file, yaml.toString());
	}

	private static String document(HasMetadata object) {
		try {
			return YAML.writeValueAsString(object);
		}
		catch (JsonProcessingException ex) {
			throw new LabException("cannot write " + object.getKind() + " " + object.getMetadata().getName()
					+ " as YAML: " + ex.getOriginalMessage());
		}
	}

}
