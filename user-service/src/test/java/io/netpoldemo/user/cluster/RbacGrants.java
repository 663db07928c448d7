package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The grants of {@code k8s/user-rbac.yaml}, one per verb, group and resource: cluster-wide from the ClusterRole, in
 * the pod's namespace from the Role.
 */
final class RbacGrants {

	private RbacGrants() {
	}

	/**
	 * Every grant, with the namespace {@code null} for a cluster-wide one.
	 * @param client any client, used only to parse the YAML
	 * @param namespace the namespace the Role is deployed in
	 * @return the grants as requests they allow
	 */
	static Set<ApiRequest> read(KubernetesClient client, String namespace) {
		Set<ApiRequest> grants = new LinkedHashSet<>();
		try (InputStream in = Files.newInputStream(DemoCluster.K8S.resolve("user-rbac.yaml"))) {
			for (HasMetadata object : client.load(in).items()) {
				if (object instanceof ClusterRole role) {
					add(grants, role.getRules(), null);
				}
				if (object instanceof Role role) {
					add(grants, role.getRules(), namespace);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return grants;
	}

	/** Whether a request is allowed: by a cluster-wide grant, or by a grant in the request's namespace. */
	static boolean allows(Set<ApiRequest> grants, ApiRequest request) {
		return grants.contains(new ApiRequest(request.verb(), request.group(), request.resource(), null))
				|| (request.namespace() != null && grants.contains(request));
	}

	private static void add(Set<ApiRequest> grants, List<PolicyRule> rules, String namespace) {
		for (PolicyRule rule : rules) {
			for (String group : rule.getApiGroups()) {
				for (String resource : rule.getResources()) {
					for (String verb : rule.getVerbs()) {
						grants.add(new ApiRequest(verb, group, resource, namespace));
					}
				}
			}
		}
	}

}
