package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * What the NetworkPolicies of a {@link Cluster} say about a connection, and why: pod to pod
 * ({@link #evaluate(String, String, int, Protocol)}) or a call as an application makes it
 * ({@link #call(String, String, Protocol)}: name resolution through the cluster DNS first, then the connection to the
 * Service's pods on the target port, or to the address outside the cluster).
 * <p>
 * A connection needs the source's egress and the destination's ingress to allow it; a direction is open unless a
 * policy in the pod's own namespace selects the pod with that policy type; the allowed traffic is then the union of
 * the rules of every selecting policy
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 * <p>
 * An evaluator works on the snapshot it was built from and is safe to share between threads; build a new one when the
 * cluster changes.
 */
public final class PolicyEvaluator {

	private static final int DNS_PORT = 53;

	private final ClusterIndex index;

	private final RuleMatcher matcher;

	private final Map<String, Isolation> isolations = new ConcurrentHashMap<>();

	private final Map<String, List<PolicyRule>> rules = new ConcurrentHashMap<>();

	public PolicyEvaluator(Cluster cluster) {
		this.index = new ClusterIndex(cluster);
		this.matcher = new RuleMatcher(this.index);
	}

	/** Every pod of the inputs as {@code namespace/name}, in input order. */
	public List<String> pods() {
		List<String> ids = new ArrayList<>();
		this.index.pods().forEach((pod) -> ids.add(pod.id()));
		return ids;
	}

	/** Whether the inputs hold no cluster DNS pod, so the standard kube-dns one is assumed. */
	public boolean dnsAssumed() {
		return this.index.dnsAssumed();
	}

	/**
	 * Pod-to-pod traffic on the destination pod's port.
	 * @param from the source pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param to the destination pod, in the same forms
	 */
	public Evaluation evaluate(String from, String to, int port, Protocol protocol) {
		return between(pod(from), pod(to), port, protocol);
	}

	/** The number of a pod's named container port with that protocol, or -1 when it has none. */
	public int containerPort(String pod, String name, Protocol protocol) {
		return pod(pod).namedPort(name, protocol);
	}

	/** {@link #call(String, String, Protocol)} over TCP. */
	public Evaluation call(String from, String target) {
		return call(from, target, Protocol.TCP);
	}

	/**
	 * A call from a pod as an application makes it.
	 * @param from the calling pod, {@code namespace/name} or {@code namespace/label=value}
	 * @param target a URL, {@code host:port} or {@code host}: a Service name in any of its DNS forms
	 * ({@code svc}, {@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}), a pod as
	 * {@code namespace/name}, an IP address or an external name
	 * @param protocol the transport protocol of the call
	 * @throws IllegalArgumentException when the source pod is not in the inputs or the target cannot be parsed
	 */
	public Evaluation call(String from, String target, Protocol protocol) {
		Workload source = pod(from);
		CallTarget call = CallTarget.parse(target);
		List<String> lines = new ArrayList<>();
		lines.add("call from " + source.id() + " to " + call.text() + " over " + protocol);
		if (call.isPod()) {
			return prefixed(lines, between(source, pod(call.host()), (call.port() != null) ? call.port() : 80,
					protocol));
		}
		if (call.isAddress()) {
			Workload pod = this.index.podByIp(call.host());
			if (pod != null) {
				lines.add(call.host() + " is the IP of pod " + pod.id());
				return prefixed(lines, between(source, pod, (call.port() != null) ? call.port() : 80, protocol));
			}
			Service service = this.index.serviceByIp(call.host());
			if (service != null) {
				lines.add(call.host() + " is the cluster IP of Service " + id(service));
				return prefixed(lines, service(source, service, call.port(), protocol));
			}
			lines.add(call.host() + " is outside the pods and Services of the inputs");
			return prefixed(lines, between(source, external(call.host(), call.host()),
					(call.port() != null) ? call.port() : 80, protocol));
		}
		return byName(source, call, protocol, lines);
	}

	private Evaluation byName(Workload source, CallTarget call, Protocol protocol, List<String> lines) {
		String[] labels = call.host().split("\\.");
		String namespace = null;
		boolean clusterName = false;
		if (labels.length == 1) {
			namespace = source.namespace();
			clusterName = true;
		}
		else if (call.host().endsWith(".svc") || call.host().endsWith(".svc.cluster.local")) {
			namespace = labels[1];
			clusterName = true;
		}
		else if (labels.length == 2 && this.index.knowsNamespace(labels[1])) {
			namespace = labels[1];
			clusterName = true;
		}
		Evaluation dns = dns(source, call.host());
		lines.addAll(dns.explanation());
		if (dns.verdict() != Verdict.ALLOWED) {
			return new Evaluation(dns.verdict(), Stage.DNS, dns.reason(), lines);
		}
		if (!clusterName) {
			lines.add(call.host() + " is outside the cluster: it resolves to an address not known offline");
			Integer port = (call.port() != null) ? call.port() : 80;
			return prefixed(lines, between(source, external(call.host(), null), port, protocol));
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
		return prefixed(lines, between(source, unknown, null, protocol));
	}

	/** Whether a pod can resolve names: the check every name-based call starts with. */
	Evaluation dns(String from) {
		return dns(pod(from), "a name");
	}

	/** Whether a direction of a pod is isolated by some policy. */
	boolean isolated(String pod, Direction direction) {
		return isolation(direction, pod(pod)).isolated() == Tri.YES;
	}

	ClusterIndex index() {
		return this.index;
	}

	/** Name resolution: a UDP query to the cluster DNS pods (through the kube-dns Service). */
	private Evaluation dns(Workload source, String host) {
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
			results.add(between(source, dnsPod, DNS_PORT, Protocol.UDP));
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
		List<ServicePort> ports = (service.getSpec() != null) ? service.getSpec().getPorts() : List.of();
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
			results.add(between(source, backend, targetPort, protocol));
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

	/** The verdict over the pods behind a Service: kube-proxy may pick any of them. */
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

	Evaluation between(Workload source, Workload destination, Integer port, Protocol protocol) {
		List<String> lines = new ArrayList<>();
		String traffic = RuleMatcher.traffic(port, protocol);
		if (source.equals(destination)) {
			lines.add(source.id() + " to itself: always allowed, whatever the policies");
			return new Evaluation(Verdict.ALLOWED, Stage.NONE, "a pod's traffic to itself is always allowed", lines);
		}
		lines.add(source.id() + " -> " + destination.id() + " on " + traffic);
		Side egress = side(Direction.EGRESS, source, destination, destination, port, protocol);
		Side ingress = side(Direction.INGRESS, destination, source, destination, port, protocol);
		egress.lines().forEach((line) -> lines.add("  " + line));
		ingress.lines().forEach((line) -> lines.add("  " + line));
		if (egress.cniDependent() || ingress.cniDependent()) {
			lines.add("  note: an ipBlock decided about an in-cluster address; whether ipBlocks apply to pod IPs is"
					+ " CNI-dependent");
		}
		Tri result = egress.result().and(ingress.result());
		if (result == Tri.YES) {
			return new Evaluation(Verdict.ALLOWED, Stage.NONE, egress.reason() + "; " + ingress.reason(), lines);
		}
		Side deciding = (egress.result() == Tri.NO || (egress.result() == Tri.MAYBE && ingress.result() != Tri.NO))
				? egress : ingress;
		Verdict verdict = (result == Tri.NO) ? Verdict.DENIED : Verdict.UNKNOWN;
		return new Evaluation(verdict, Stage.CONNECT, deciding.reason(), lines);
	}

	private record Side(Tri result, String reason, List<String> lines, boolean cniDependent) {
	}

	private Side side(Direction direction, Workload subject, Workload peer, Workload destination, Integer port,
			Protocol protocol) {
		List<String> lines = new ArrayList<>();
		String what = direction.field() + " of " + subject.id();
		if (!subject.inCluster()) {
			lines.add(what + ": outside the cluster, no NetworkPolicy applies");
			return new Side(Tri.YES, what + " is not policed", lines, false);
		}
		Isolation isolation = isolation(direction, subject);
		List<NetworkPolicy> isolating = isolation.policies();
		Tri isolated = isolation.isolated();
		if (isolating.isEmpty()) {
			lines.add(what + ": not isolated (no policy with " + direction.policyType() + " in " + subject.namespace()
					+ " selects it)");
			return new Side(Tri.YES, what + " is not isolated", lines, false);
		}
		List<String> names = isolating.stream().map(PolicyRule::policyId).toList();
		lines.add(what + ": isolated by " + String.join(", ", names)
				+ ((isolated == Tri.MAYBE) ? " (if their podSelector matches the unknown pod)" : ""));
		String peerWord = (direction == Direction.EGRESS) ? "to " : "from ";
		boolean cni = false;
		String maybe = null;
		for (NetworkPolicy policy : isolating) {
			List<PolicyRule> rules = rules(policy, direction);
			if (rules.isEmpty()) {
				lines.add("  " + PolicyRule.policyId(policy) + " has no " + direction.field() + " rule: allows nothing");
			}
			for (PolicyRule rule : rules) {
				RuleMatcher.Match match = this.matcher.match(rule, peer, destination, port, protocol);
				cni |= match.cniDependent();
				lines.add("  " + rule.id() + ": " + switch (match.result()) {
					case YES -> "allows it (" + match.detail() + ")";
					case NO -> match.detail();
					case MAYBE -> "may allow it (" + match.detail() + ")";
				});
				if (match.result() == Tri.YES && isolated == Tri.YES) {
					return new Side(Tri.YES, rule.id() + " allows it (" + match.detail() + ")", lines, cni);
				}
				if (match.result() != Tri.NO && maybe == null) {
					maybe = rule.id() + " may allow it (" + match.detail() + ")";
				}
			}
		}
		if (maybe == null && isolated == Tri.YES) {
			return new Side(Tri.NO, "no " + direction.field() + " rule of " + String.join(", ", names) + " allows "
					+ RuleMatcher.traffic(port, protocol) + " " + peerWord + peer.id(), lines, cni);
		}
		return new Side(Tri.MAYBE, (maybe != null) ? maybe : what + " may be isolated by " + String.join(", ", names),
				lines, cni);
	}

	/**
	 * The verdict alone, without the explanation: what a matrix of many pairs needs.
	 * @param from the source pod, {@code namespace/name}
	 * @param to the destination pod, {@code namespace/name}
	 */
	public Verdict verdict(String from, String to, int port, Protocol protocol) {
		Workload source = pod(from);
		Workload destination = pod(to);
		if (source.equals(destination)) {
			return Verdict.ALLOWED;
		}
		Tri egress = test(Direction.EGRESS, source, destination, destination, port, protocol);
		if (egress == Tri.NO) {
			return Verdict.DENIED;
		}
		Tri result = egress.and(test(Direction.INGRESS, destination, source, destination, port, protocol));
		return switch (result) {
			case YES -> Verdict.ALLOWED;
			case NO -> Verdict.DENIED;
			case MAYBE -> Verdict.UNKNOWN;
		};
	}

	private Tri test(Direction direction, Workload subject, Workload peer, Workload destination, Integer port,
			Protocol protocol) {
		if (!subject.inCluster()) {
			return Tri.YES;
		}
		Isolation isolation = isolation(direction, subject);
		if (isolation.policies().isEmpty()) {
			return Tri.YES;
		}
		boolean maybe = false;
		for (NetworkPolicy policy : isolation.policies()) {
			for (PolicyRule rule : rules(policy, direction)) {
				Tri match = this.matcher.test(rule, peer, destination, port, protocol);
				if (match == Tri.YES && isolation.isolated() == Tri.YES) {
					return Tri.YES;
				}
				maybe |= match != Tri.NO;
			}
		}
		return (!maybe && isolation.isolated() == Tri.YES) ? Tri.NO : Tri.MAYBE;
	}

	/**
	 * The policies that select a pod for a direction.
	 * @param isolated whether they do for sure (uncertain for a pod whose labels are unknown)
	 * @param policies the policies that do or may
	 */
	private record Isolation(Tri isolated, List<NetworkPolicy> policies) {
	}

	private Isolation isolation(Direction direction, Workload subject) {
		if (subject.kind() == Workload.Kind.POD) {
			return this.isolations.computeIfAbsent(direction.name() + " " + subject.id(),
					(key) -> computeIsolation(direction, subject));
		}
		return computeIsolation(direction, subject);
	}

	private Isolation computeIsolation(Direction direction, Workload subject) {
		List<NetworkPolicy> isolating = new ArrayList<>();
		Tri isolated = Tri.NO;
		for (NetworkPolicy policy : this.index.policies(subject.namespace())) {
			if (!PolicyTypes.isolates(policy, direction)) {
				continue;
			}
			LabelSelector selector = (policy.getSpec() != null) ? policy.getSpec().getPodSelector() : null;
			Tri selects = LabelSelectors.match(selector, subject.labels(), subject.labelsComplete());
			if (selects != Tri.NO) {
				isolating.add(policy);
				isolated = isolated.or(selects);
			}
		}
		return new Isolation(isolated, isolating);
	}

	private List<PolicyRule> rules(NetworkPolicy policy, Direction direction) {
		return this.rules.computeIfAbsent(direction.name() + " " + PolicyRule.policyId(policy),
				(key) -> PolicyRule.of(policy, direction));
	}

	private Workload pod(String reference) {
		int slash = reference.indexOf('/');
		if (slash > 0 && reference.indexOf('=', slash) > slash) {
			String namespace = reference.substring(0, slash);
			String[] label = reference.substring(slash + 1).split("=", 2);
			for (Workload pod : this.index.pods()) {
				if (pod.namespace().equals(namespace) && label[1].equals(pod.labels().get(label[0]))) {
					return pod;
				}
			}
		}
		Workload pod = this.index.pod(reference);
		if (pod == null) {
			throw new IllegalArgumentException("no pod '" + reference + "' in the inputs; write namespace/name or "
					+ "namespace/label=value (pods: " + String.join(", ", pods()) + ")");
		}
		return pod;
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
