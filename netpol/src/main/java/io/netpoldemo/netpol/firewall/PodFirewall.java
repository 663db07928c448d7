package io.netpoldemo.netpol.firewall;

import java.util.List;

/**
 * What one pod's packet filter must do. Where a direction is isolated, traffic in that direction is dropped unless an
 * allow rule matches (or it belongs to an established connection); where it is not isolated everything passes and
 * the rules are empty. A pod's traffic to itself is always allowed: the compiler must let it through whatever the
 * rules say (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param ip the pod's IP ({@code status.podIP})
 * @param ingressIsolated whether a policy with Ingress selects the pod
 * @param egressIsolated whether a policy with Egress selects the pod
 * @param ingress the rules that allow incoming connections
 * @param egress the rules that allow outgoing connections
 */
public record PodFirewall(String namespace, String name, String ip, boolean ingressIsolated, boolean egressIsolated,
		List<AllowRule> ingress, List<AllowRule> egress) {

	public PodFirewall {
		ingress = List.copyOf(ingress);
		egress = List.copyOf(egress);
	}

}
