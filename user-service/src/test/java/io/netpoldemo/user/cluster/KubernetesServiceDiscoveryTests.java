package io.netpoldemo.user.cluster;

import java.util.List;
import java.util.Map;

import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Target;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.kubernetes.commons.discovery.DefaultKubernetesServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How discovered Service instances become check targets: one per Service, namespace and port, at one ready endpoint.
 */
class KubernetesServiceDiscoveryTests {

	@Test
	void makesOneTargetPerServiceNamespaceAndPortAtTheFirstEndpoint() {
		DiscoveryClient client = new FixedDiscoveryClient(Map.of("web", List.of(
				instance("web", "demo", "10.0.0.9", Map.of("port.http", "8080", "port.metrics", "9090")),
				instance("web", "demo", "10.0.0.3", Map.of("port.http", "8080", "port.metrics", "9090")),
				instance("web", "other", "10.0.1.4", Map.of("port.http", "80")))));
		List<Target> targets = new KubernetesServiceDiscovery(client, "port.").discover().targets();
		assertThat(targets).containsExactly(new Target("web.demo:http", "services:demo", Kind.TCP, "tcp://10.0.0.3:8080"),
				new Target("web.demo:metrics", "services:demo", Kind.TCP, "tcp://10.0.0.3:9090"),
				new Target("web.other:http", "services:other", Kind.TCP, "tcp://10.0.1.4:80"));
	}

	@Test
	void fallsBackToTheInstancePortAndBracketsIpv6() {
		DiscoveryClient client = new FixedDiscoveryClient(
				Map.of("db", List.of(instance("db", "demo", "fd00::7", Map.of()))));
		assertThat(new KubernetesServiceDiscovery(client, "port.").discover().targets())
			.containsExactly(new Target("db.demo:5432", "services:demo", Kind.TCP, "tcp://[fd00::7]:5432"));
	}

	@Test
	void isOnEvenWhenNothingIsFound() {
		ServiceDiscovery.Discovery discovery = new KubernetesServiceDiscovery(new FixedDiscoveryClient(Map.of()),
				"port.")
			.discover();
		assertThat(discovery.on()).isTrue();
		assertThat(discovery.targets()).isEmpty();
	}

	private static ServiceInstance instance(String service, String namespace, String host, Map<String, String> ports) {
		return new DefaultKubernetesServiceInstance(service + "-" + host, service, host, 5432, ports, false, namespace,
				null, Map.of());
	}

	private record FixedDiscoveryClient(Map<String, List<ServiceInstance>> instances) implements DiscoveryClient {

		@Override
		public String description() {
			return "fixed";
		}

		@Override
		public List<ServiceInstance> getInstances(String serviceId) {
			return this.instances.getOrDefault(serviceId, List.of());
		}

		@Override
		public List<String> getServices() {
			return List.copyOf(this.instances.keySet());
		}

	}

}
