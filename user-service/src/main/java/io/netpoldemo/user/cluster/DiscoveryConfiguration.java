package io.netpoldemo.user.cluster;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.kubernetes.commons.discovery.KubernetesDiscoveryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * {@code GET /check/services}: Spring Cloud Kubernetes' discovery inside Kubernetes, a plain "off" outside, where
 * the app must start and work with no API server at all.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/netpoldemo/user/cluster/cluster-defaults.properties")
class DiscoveryConfiguration {

	static final String OUTSIDE = "discovery is off: not running in Kubernetes "
			+ "(Spring Cloud Kubernetes discovers Services only inside a cluster)";

	static final String DISABLED = "discovery is off: Spring Cloud Kubernetes discovery is disabled "
			+ "(spring.cloud.kubernetes.discovery.enabled=false or spring.cloud.kubernetes.enabled=false)";

	@Bean
	ServiceDiscovery serviceDiscovery(Environment environment, ObjectProvider<DiscoveryClient> client,
			ObjectProvider<KubernetesDiscoveryProperties> properties) {
		if (!CloudPlatform.KUBERNETES.isActive(environment)) {
			return () -> ServiceDiscovery.Discovery.off(OUTSIDE);
		}
		KubernetesDiscoveryProperties discovery = properties.getIfAvailable();
		DiscoveryClient discoveryClient = client.getIfAvailable();
		if (discovery == null || !discovery.enabled() || discoveryClient == null) {
			return () -> ServiceDiscovery.Discovery.off(DISABLED);
		}
		return new KubernetesServiceDiscovery(discoveryClient, discovery.metadata().portsPrefix());
	}

}
