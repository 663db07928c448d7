package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * A call as an application makes it: the host resolved (pod IP, Service IP, Service name in any DNS form, a name
 * outside the cluster), name resolution through the cluster DNS first, then the connection to the Service's pods on
 * the target port (policies see the pod port, never the Service port) or to the address outside the cluster.
 */
final class CallEvaluator {

	private static final int DNS_PORT = 53;

	/** The port of a target that names neither a port nor a scheme: HTTP's, as the services call each other. */
	private static final int HTTP_PORT = 80;

	private final ClusterIndex index;

	private final ConnectionCheck connections;

	CallEvaluator(ClusterIndex index, ConnectionCheck connections) {
		this.index = index;
		this.connections = connections;
	}

	/** A call from a pod to a parsed target. */
	Evaluation call(Workload source, CallTarget call, Protocol protocol) {
		List<String> lines = new ArrayList<>();
		lines.add("call from " + source.id() + " to " + call.text() + " over " + protocol);
		if (call.isPod()) {
			return prefixed(lines, this.connections.between(source, this.index.resolve(call.host()),
					call.portOr(HTTP_PORT), protocol));
		}
		if (call.isAddress()) {
			Workload pod = this.index.podByIp(call.host());
			if (pod != null) {
				lines.add(call.host() + " is the IP of pod " + pod.id());
				return prefixed(lines, this.connections.between(source, pod, call.portOr(HTTP_PORT), protocol));
			}
			Service service = this.index.serviceByIp(call.host());
			if (service != null) {
				lines.add(call.host() + " is the cluster IP of Service " + id(service));
				return prefixed(lines, service(source, service, call.port(), protocol));
			}
			lines.add(call.host() + " is outside the pods and Services of the inputs");
			return prefixed(lines, this.connections.between(source, external(call.host(), call.host()),
					call.portOr(HTTP_PORT), protocol));
		}
		return byName(source, call, protocol, lines);
	}

	/**
	 * The namespace whose objects decide where a call ends: the pod's or Service's for an address or a pod, the one a
	 * Service name names (the caller's own for a bare name), or {@code null} for an address or name outside the cluster.
	 */
	String namespaceOf(Workload source, CallTarget call) {
		if (call.isPod()) {
			return call.host().substring(0, call.host().indexOf('/'));
		}
		if (call.isAddress()) {
			Workload pod = this.index.podByIp(call.host());
			if (pod != null) {
				return pod.namespace();
			}
			Service service = this.index.serviceByIp(call.host());
			return (service != null) ? service.getMetadata().getNamespace() : null;
		}
		return clusterNamespace(source, call.host().split("\\."), call.host());
	}

	/** The namespace a name in one of a Service's DNS forms names, or {@code null} for a name outside the cluster. */
	private String clusterNamespace(Workload source, String[] labels, String host) {
		if (labels.length == 1) {
			return source.namespace();
		}
		if (host.endsWith(".svc") || host.endsWith(".svc.cluster.local")
				|| (labels.length == 2 && this.index.knowsNamespace(labels[1]))) {
			return labels[1];
		}
		return null;
	}

	private Evaluation byName(Workload source, CallTarget call, Protocol protocol, List<String> lines) {
		String[] labels = call.host().split("\\.");
		String namespace = clusterNamespace(source, labels, call.host());
		boolean clusterName = namespace != null;
		Evaluation dns = dns(source, call.host());
		lines.addAll(dns.explanation());
		if (dns.verdict() != Verdict.ALLOWED) {
			return new Evaluation(dns.verdict(), Stage.DNS, dns.reason(), lines);
		}
		if (!clusterName) {
			lines.add(call.host() + " is outside the cluster: it resolves to an address not known offline");
			if (labels.length == 2) {
				// svc.ns is also how a pod reaches a Service of another namespace, through its DNS search list.
				lines.add("  (if " + labels[1] + " is a namespace the inputs do not hold, this is a call to its Service "
						+ labels[0] + " instead)");
			}
			return prefixed(lines,
					this.connections.between(source, external(call.host(), null), call.portOr(HTTP_PORT), protocol));
		}
		Service service = this.index.service(namespace, labels[0]);
		if (service != null) {
			lines.add(call.host() + " is Service " + id(service));
			return prefixed(lines, service(source, service, call.port(), protocol));
		}
		if (labels.length == 1) {
			lines.add("the inputs hold no Service " + labels[0] + " in " + namespace);
			return new Evaluation(Verdict.UNKNOWN, Stage.DNS,
					"the inputs hold no Service " + labels[0] + " in " + namespace, lines);
		}
		lines.add("the inputs hold no Service " + namespace + "/" + labels[0]
				+ ": its pods' labels and target port are unknown, so only rules that do not depend on them decide");
		Workload unknown = new Workload(Workload.Kind.UNKNOWN_POD, namespace, labels[0] + " pods", Map.of(), null,
				List.of());
		return prefixed(lines, this.connections.between(source, unknown, null, protocol));
	}

	Evaluation dns(Workload source, String host) {
		List<String> lines = new ArrayList<>();
		lines.add("name resolution of " + host + ": UDP " + DNS_PORT + " to the cluster DNS pods ("
				+ ClusterIndex.DNS_NAMESPACE + ", " + ClusterIndex.DNS_LABEL + "=" + ClusterIndex.DNS_LABEL_VALUE + ")");
		if (this.index.dnsAssumed()) {
			lines.add("  assumed: the inputs hold no cluster DNS pod, so the standard kube-dns is modelled (namespace "
					+ ClusterIndex.DNS_NAMESPACE + " labelled " + ClusterIndex.NAME_LABEL + "="
					+ ClusterIndex.DNS_NAMESPACE + ", pods " + ClusterIndex.DNS_LABEL + "=" + ClusterIndex.DNS_LABEL_VALUE
					+ ", UDP and TCP 53)");
		}
		List<Evaluation> results = new ArrayList<>();
		for (Workload dnsPod : this.index.dnsPods()) {
			results.add(this.connections.between(source, dnsPod, DNS_PORT, Protocol.UDP));
		}
		Evaluation combined = combine(results, this.index.dnsPods());
		for (String line : combined.explanation()) {
			lines.add("  " + line);
		}
		String reason = combined.reason();
		if (combined.verdict() == Verdict.DENIED) {
			reason = "name resolution fails: " + reason + "; missing rule: egress to namespaceSelector "
					+ ClusterIndex.NAME_LABEL + "=" + ClusterIndex.DNS_NAMESPACE + " podSelector "
					+ ClusterIndex.DNS_LABEL + "=" + ClusterIndex.DNS_LABEL_VALUE + " on UDP 53 and TCP 53";
		}
		else if (combined.verdict() == Verdict.UNKNOWN) {
			reason = "name resolution uncertain: " + reason;
		}
		return new Evaluation(combined.verdict(), Stage.DNS, reason, lines);
	}

	private Evaluation service(Workload source, Service service, Integer port, Protocol protocol) {
		List<String> lines = new ArrayList<>();
		List<ServicePort> ports = ClusterIndex.ports(service);
		ServicePort servicePort = null;
		for (ServicePort candidate : ports) {
			if (Protocol.of(candidate.getProtocol()) == protocol
					&& (port == null || port.equals(candidate.getPort()))) {
				servicePort = candidate;
				break;
			}
		}
		if (servicePort == null) {
			String reason = "Service " + id(service) + " has no " + protocol + " port " + ((port != null) ? port : "")
					+ " (its ports: " + ports.stream().map((p) -> p.getPort() + "/" + Protocol.of(p.getProtocol())).toList()
					+ "): the connection fails whatever the policies say";
			lines.add(reason);
			return new Evaluation(Verdict.DENIED, Stage.CONNECT, reason, lines);
		}
		List<Workload> backends = this.index.backends(service);
		if (backends.isEmpty()) {
			boolean noSelector = service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty();
			String reason = noSelector
					? "Service " + id(service) + " has no selector: its endpoints are not in the inputs"
					: "Service " + id(service) + " selects no pod of the inputs: the connection fails (no endpoints)";
			lines.add(reason);
			return new Evaluation(noSelector ? Verdict.UNKNOWN : Verdict.DENIED, Stage.CONNECT, reason, lines);
		}
		boolean headless = "None".equals(service.getSpec().getClusterIP());
		List<Evaluation> results = new ArrayList<>();
		List<Workload> endpoints = new ArrayList<>();
		for (Workload backend : backends) {
			Integer targetPort = headless ? servicePort.getPort() : targetPort(servicePort, backend, protocol);
			if (targetPort == null) {
				lines.add(backend.id() + " has no " + protocol + " container port named "
						+ servicePort.getTargetPort().getStrVal() + ": not an endpoint");
				continue;
			}
			lines.add("Service port " + servicePort.getPort() + "/" + protocol + " -> " + backend.id() + " port "
					+ targetPort + " (policies see the pod port, never the Service port)");
			results.add(this.connections.between(source, backend, targetPort, protocol));
			endpoints.add(backend);
		}
		if (results.isEmpty()) {
			String reason = "Service " + id(service) + " has no endpoint for port " + servicePort.getPort();
			return new Evaluation(Verdict.DENIED, Stage.CONNECT, reason, lines);
		}
		Evaluation combined = combine(results, endpoints);
		lines.addAll(combined.explanation());
		return new Evaluation(combined.verdict(), combined.stage(), combined.reason(), lines);
	}

	private static Integer targetPort(ServicePort servicePort, Workload backend, Protocol protocol) {
		IntOrString target = servicePort.getTargetPort();
		if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
			return servicePort.getPort();
		}
		if (target.getIntVal() != null) {
			return target.getIntVal();
		}
		int number = backend.namedPort(target.getStrVal(), protocol);
		return (number < 0) ? null : number;
	}

	private static Evaluation combine(List<Evaluation> results, List<Workload> pods) {
		if (results.size() == 1) {
			return results.get(0);
		}
		List<String> lines = new ArrayList<>();
		long allowed = results.stream().filter(Evaluation::allowed).count();
		long denied = results.stream().filter((result) -> result.verdict() == Verdict.DENIED).count();
		for (int i = 0; i < results.size(); i++) {
			lines.add("to " + pods.get(i).id() + ": " + results.get(i).verdict());
			results.get(i).explanation().forEach((line) -> lines.add("  " + line));
		}
		if (allowed == results.size() || denied == results.size()) {
			Evaluation first = results.get(0);
			return new Evaluation(first.verdict(), first.stage(), first.reason(), lines);
		}
		Evaluation differing = results.stream().filter((result) -> !result.allowed()).findFirst().orElseThrow();
		return new Evaluation(Verdict.UNKNOWN, differing.stage(),
				allowed + " of " + results.size() + " pods allow it, so it depends on the pod picked: "
						+ differing.reason(), lines);
	}

	private static Workload external(String name, String ip) {
		return new Workload(Workload.Kind.EXTERNAL, null, name, Map.of(), ip, List.of());
	}

	private static Evaluation prefixed(List<String> lines, Evaluation evaluation) {
		List<String> all = new ArrayList<>(lines);
		all.addAll(evaluation.explanation());
		return new Evaluation(evaluation.verdict(), evaluation.stage(), evaluation.reason(), all);
	}

	private static String id(Service service) {
		return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
	}

}
