package io.netpoldemo.netpol.firewall;

import java.util.List;

/**
 * One NetworkPolicy rule, compiled for one pod: traffic with any of the peers on any of the ports is allowed.
 *
 * @param policy the policy as {@code namespace/name}
 * @param ruleIndex the index of the rule in the policy's {@code spec.ingress} or {@code spec.egress}
 * @param peers the addresses on the other end; never empty (a rule whose selectors match no pod with an IP is left
 * out)
 * @param ports the ports on the destination pod; empty means every protocol and port
 */
public record AllowRule(String policy, int ruleIndex, List<AddressMatch> peers, List<PortMatch> ports) {

	public AllowRule {
		peers = List.copyOf(peers);
		ports = List.copyOf(ports);
	}

}
