package io.netpoldemo.user.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCloudPlatform;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Inside Kubernetes only: the NetworkPolicy verdicts from the cluster's own objects, through the fabric8 client that
 * Spring Cloud Kubernetes provides. Outside, nothing here exists: {@link ManifestConfiguration} reads manifest files
 * when told where they are, and otherwise the default source answers {@code UNKNOWN}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnCloudPlatform(CloudPlatform.KUBERNETES)
class ClusterConfiguration {

	static final String NO_CLIENT = "no Kubernetes client: Spring Cloud Kubernetes is disabled "
			+ "(spring.cloud.kubernetes.enabled=false)";

	@Bean
	ExpectationSource clusterExpectations(ObjectProvider<KubernetesClient> client, PodIdentity identity) {
		KubernetesClient kubernetes = client.getIfAvailable();
		if (kubernetes == null) {
			return (target) -> Expectation.unknown(NO_CLIENT);
		}
		return new PolicyExpectations(new ClusterState(kubernetes), identity);
	}

}
