package io.netpoldemo.user.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the NetworkPolicy expectations come from: manifest files outside Kubernetes; inside, the API, read
 * cluster-wide or in this pod's namespace only.
 *
 * @param manifests Kubernetes YAML files and directories holding the namespaces, pods, Services and NetworkPolicies in
 * force (env {@code CHECKS_EXPECTATIONS_MANIFESTS=/a,/b}); empty: no expectations outside Kubernetes; ignored inside
 * @param recheck how often at most the files are looked at for a change
 * @param scope inside Kubernetes, what the service account may read: {@code cluster} (k8s/user-rbac.yaml) or
 * {@code namespace} (k8s/components/namespaced-rbac, env {@code CHECKS_EXPECTATIONS_SCOPE=namespace}), which leaves
 * the expectations for other namespaces unknown
 */
@ConfigurationProperties("checks.expectations")
record ExpectationsProperties(@DefaultValue List<Path> manifests, @DefaultValue("1s") Duration recheck,
		@DefaultValue("cluster") Scope scope) {

	/** What the API lets the service read. */
	enum Scope {

		/** Namespaces, pods, Services and NetworkPolicies of the whole cluster. */
		CLUSTER,

		/** Pods, Services and NetworkPolicies of this pod's namespace. */
		NAMESPACE

	}

}
