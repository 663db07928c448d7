package io.netpoldemo.user.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCloudPlatform;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Inside Kubernetes only: the NetworkPolicy verdicts from the cluster's own objects, through the fabric8 client that
 * Spring Cloud Kubernetes provides. Outside, nothing here exists: {@link ManifestConfiguration} reads manifest files
 * when told where they are, and otherwise the default source answers {@code UNKNOWN}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnCloudPlatform(CloudPlatform.KUBERNETES)
@EnableConfigurationProperties(ExpectationsProperties.class)
class ClusterConfiguration {

	static final String NO_CLIENT = "no Kubernetes client: Spring Cloud Kubernetes is disabled "
			+ "(spring.cloud.kubernetes.enabled=false)";

	static final String NO_NAMESPACE = "checks.expectations.scope=namespace, but POD_NAMESPACE is not set (Downward "
			+ "API): there is no namespace to read";

	@Bean
	ExpectationSource clusterExpectations(ObjectProvider<KubernetesClient> client, PodIdentity identity,
			ExpectationsProperties properties) {
		KubernetesClient kubernetes = client.getIfAvailable();
		if (kubernetes == null) {
			return (target) -> Expectation.unknown(NO_CLIENT);
		}
		if (properties.scope() == ExpectationsProperties.Scope.NAMESPACE && identity.namespace() == null) {
			return (target) -> Expectation.unknown(NO_NAMESPACE);
		}
		return new PolicyExpectations(new ClusterState(kubernetes, properties.scope(), identity.namespace()), identity);
	}

}
