package io.netpoldemo.lab.topology;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * One pod of the lab: a Deployment's single replica, in its own network namespace.
 *
 * @param namespace the Kubernetes namespace
 * @param name the pod name
 * @param netns the network namespace it runs in
 * @param ip its address on the pod network
 * @param labels the template's labels, which policies select
 * @param container the (first) container of the template
 * @param runtime what the lab runs for it
 * @param env the container's environment, with the Downward API and Secret references resolved
 * @param podSecurityContext the template's pod-level security context, or {@code null}
 */
public record LabPod(String namespace, String name, String netns, String ip, Map<String, String> labels,
		Container container, PodRuntime runtime, Map<String, String> env, PodSecurityContext podSecurityContext) {

	/**
	 * The container's ports.
	 * @return the declared ports, possibly empty
	 */
	public List<ContainerPort> ports() {
		return (this.container.getPorts() != null) ? this.container.getPorts() : List.of();
	}

	/**
	 * The readiness probe of the container, or {@code null} when it has none.
	 * @return the probe
	 */
	public Probe readinessProbe() {
		return this.container.getReadinessProbe();
	}

	/**
	 * The Maven module that builds the jar this pod runs; only for {@link PodRuntime#SERVICE_JAR}.
	 * @return the module name
	 */
	public String module() {
		return PodRuntime.module(this.container.getImage());
	}

	/**
	 * The pod as the API server would report it once scheduled: labels, container ports and {@code status.podIP}.
	 * @return a fabric8 Pod
	 */
	public Pod toPod() {
		return new PodBuilder().withMetadata(new ObjectMetaBuilder().withNamespace(this.namespace)
			.withName(this.name)
			.withLabels(this.labels)
			.build())
			.withNewSpec()
			.addNewContainer()
			.withName(this.container.getName())
			.withImage(this.container.getImage())
			.withPorts(ports())
			.endContainer()
			.endSpec()
			.withNewStatus()
			.withPodIP(this.ip)
			.withPhase("Running")
			.endStatus()
			.build();
	}

	/**
	 * Resolves a port given by number or by container port name, as the kubelet does for probes and Services.
	 * @param port a number or a name
	 * @param where what refers to it, for the error message
	 * @return the port number
	 */
	public int resolvePort(String port, String where) {
		if (port.chars().allMatch(Character::isDigit)) {
			return Integer.parseInt(port);
		}
		return ports().stream()
			.filter((candidate) -> port.equals(candidate.getName()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElseThrow(() -> new LabException(where + ": pod " + this.namespace + "/" + this.name
					+ " has no container port named '" + port + "'"));
	}

}
