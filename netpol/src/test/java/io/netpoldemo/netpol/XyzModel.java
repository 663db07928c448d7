package io.netpoldemo.netpol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * The upstream e2e network policy model: namespaces x, y, z (labelled {@code ns: <name>}), each with pods a, b, c
 * (labelled {@code pod: <name>}) serving ports 80 and 81 on TCP, UDP and SCTP, named {@code serve-80-tcp} and so on.
 * Pod IPs are 10.0.N.M with N the namespace and M the pod (x/a is 10.0.1.1, z/c is 10.0.3.3).
 */
final class XyzModel {

	static final List<String> NAMESPACES = List.of("x", "y", "z");

	static final List<String> PODS = List.of("a", "b", "c");

	private XyzModel() {
	}

	static Cluster cluster(String policiesYaml) {
		List<Namespace> namespaces = new ArrayList<>();
		List<Pod> pods = new ArrayList<>();
		for (int n = 0; n < NAMESPACES.size(); n++) {
			String namespace = NAMESPACES.get(n);
			namespaces.add(new NamespaceBuilder().withNewMetadata()
				.withName(namespace)
				.withLabels(Map.of("ns", namespace))
				.endMetadata()
				.build());
			for (int p = 0; p < PODS.size(); p++) {
				pods.add(pod(namespace, PODS.get(p), "10.0." + (n + 1) + "." + (p + 1)));
			}
		}
		Cluster model = Cluster.of(namespaces, pods, List.of(), List.of());
		if (policiesYaml == null || policiesYaml.isBlank()) {
			return model;
		}
		return model.withPolicies(ManifestLoader.parse(policiesYaml, Path.of("policies.yaml"), "x").policies());
	}

	private static Pod pod(String namespace, String name, String ip) {
		ContainerBuilder container = new ContainerBuilder().withName("cont").withImage("agnhost");
		for (int port : List.of(80, 81)) {
			for (Protocol protocol : Protocol.values()) {
				container.addNewPort()
					.withName("serve-" + port + "-" + protocol.name().toLowerCase())
					.withContainerPort(port)
					.withProtocol(protocol.name())
					.endPort();
			}
		}
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.withLabels(Map.of("pod", name))
			.endMetadata()
			.withNewSpec()
			.withContainers(container.build())
			.endSpec()
			.withNewStatus()
			.withPodIP(ip)
			.endStatus()
			.build();
	}

	static List<String> podIds() {
		List<String> ids = new ArrayList<>();
		for (String namespace : NAMESPACES) {
			for (String pod : PODS) {
				ids.add(namespace + "/" + pod);
			}
		}
		return ids;
	}

}
