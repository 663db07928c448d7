package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The fields of pods and Services a verdict reads, checked as the API server would (ports, protocols, null
 * elements), so that nothing the cluster would refuse reaches the evaluator. A container port without a number is
 * skipped with a warning instead: it only ever serves a named-port rule, and the rest of the pod is still good.
 */
final class PodAndServiceValidator {

	private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

	private PodAndServiceValidator() {
	}

	/** Labels or a selector with a {@code null} value ({@code app: null}), which no object of the API can carry. */
	static PolicyValidator.Problem labels(String path, Map<String, String> labels) {
		if (labels != null) {
			for (Map.Entry<String, String> label : labels.entrySet()) {
				if (label.getValue() == null) {
					return new PolicyValidator.Problem(path + "." + label.getKey(),
							"null; a label value is a string (write \"\" for the empty value)");
				}
			}
		}
		return null;
	}

	/**
	 * Checks a pod spec and drops the container ports that have no number, telling {@code warn} about each.
	 * @param path the spec's path, such as {@code spec.template.spec}
	 */
	static PolicyValidator.Problem podSpec(String path, PodSpec spec, Consumer<PolicyValidator.Problem> warn) {
		PolicyValidator.Problem problem = containers(path + ".containers", spec.getContainers(), warn);
		return (problem != null) ? problem : containers(path + ".initContainers", spec.getInitContainers(), warn);
	}

	private static PolicyValidator.Problem containers(String path, List<Container> containers,
			Consumer<PolicyValidator.Problem> warn) {
		PolicyValidator.Problem problem = PolicyValidator.nullElement(path, containers,
				"a container is a mapping with name, image and ports");
		for (int c = 0; problem == null && containers != null && c < containers.size(); c++) {
			Container container = containers.get(c);
			List<ContainerPort> kept = new ArrayList<>();
			List<ContainerPort> ports = (container.getPorts() != null) ? container.getPorts() : List.of();
			for (int p = 0; problem == null && p < ports.size(); p++) {
				String field = path + "[" + c + "].ports[" + p + "]";
				ContainerPort port = ports.get(p);
				if (port == null || port.getContainerPort() == null) {
					warn.accept(new PolicyValidator.Problem(field, ((port == null) ? "null" : "no containerPort")
							+ "; skipped, so no named-port rule resolves to it"));
					continue;
				}
				problem = containerPort(field, port);
				kept.add(port);
			}
			container.setPorts(kept);
		}
		return problem;
	}

	private static PolicyValidator.Problem containerPort(String field, ContainerPort port) {
		PolicyValidator.Problem problem = numberAndProtocol(field, "containerPort", port.getContainerPort(),
				port.getProtocol());
		if (problem != null) {
			return problem;
		}
		String name = (port.getName() != null) ? PolicyValidator.portName(port.getName()) : null;
		return (name == null) ? null
				: new PolicyValidator.Problem(field + ".name", "Invalid value: \"" + port.getName() + "\": " + name);
	}

	private static PolicyValidator.Problem numberAndProtocol(String field, String numberField, int number,
			String protocol) {
		if (number < 1 || number > 65535) {
			return new PolicyValidator.Problem(field + "." + numberField,
					"Invalid value: " + number + ": " + PolicyValidator.PORT_RANGE);
		}
		if (protocol != null && !PROTOCOLS.contains(protocol)) {
			return new PolicyValidator.Problem(field + ".protocol", PolicyValidator.unsupported(protocol, PROTOCOLS));
		}
		return null;
	}

	static PolicyValidator.Problem service(Service service) {
		if (service.getSpec() == null) {
			return null;
		}
		PolicyValidator.Problem problem = labels("spec.selector", service.getSpec().getSelector());
		List<ServicePort> ports = service.getSpec().getPorts();
		problem = (problem != null) ? problem : PolicyValidator.nullElement("spec.ports", ports,
				"a Service port is a mapping such as {port: 80, targetPort: http}");
		for (int i = 0; problem == null && ports != null && i < ports.size(); i++) {
			problem = servicePort("spec.ports[" + i + "]", ports.get(i));
		}
		return problem;
	}

	private static PolicyValidator.Problem servicePort(String field, ServicePort port) {
		if (port.getPort() == null) {
			return new PolicyValidator.Problem(field + ".port", "Required value: the port the Service listens on");
		}
		PolicyValidator.Problem problem = numberAndProtocol(field, "port", port.getPort(), port.getProtocol());
		if (problem != null) {
			return problem;
		}
		IntOrString target = port.getTargetPort();
		if (target == null) {
			return null;
		}
		if (target.getIntVal() != null && (target.getIntVal() < 1 || target.getIntVal() > 65535)) {
			return new PolicyValidator.Problem(field + ".targetPort",
					"Invalid value: " + target.getIntVal() + ": " + PolicyValidator.PORT_RANGE);
		}
		String name = (target.getStrVal() != null) ? PolicyValidator.portName(target.getStrVal()) : null;
		return (name == null) ? null : new PolicyValidator.Problem(field + ".targetPort",
				"Invalid value: \"" + target.getStrVal() + "\": " + name);
	}

}
