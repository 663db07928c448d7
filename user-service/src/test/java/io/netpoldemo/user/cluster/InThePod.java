package io.netpoldemo.user.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpoldemo.identity.PodIdentity;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Runs the user service as the demo's user pod ({@code netpol-demo/user-app-0} at {@value #USER_IP}) against the mock
 * API server of the test class, which sets {@link #client} before its context starts.
 */
@TestConfiguration(proxyBeanMethods = false)
class InThePod {

	static final String USER_IP = "127.0.0.10";

	static volatile KubernetesClient client;

	@Bean
	KubernetesClient kubernetesClient() {
		return client;
	}

	@Bean
	PodIdentity podIdentity() {
		return new PodIdentity("user-service", "test", "user-app-0", DemoCluster.NAMESPACE, USER_IP, "user-app-0");
	}

}
