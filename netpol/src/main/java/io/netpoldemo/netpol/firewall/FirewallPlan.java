package io.netpoldemo.netpol.firewall;

import java.util.List;

/**
 * The packet filter of every pod that has an IP.
 *
 * @param pods one entry per pod with an IP, in input order
 * @param notes what the plan leaves out and why: pods without an IP, rules whose named ports resolve nowhere
 */
public record FirewallPlan(List<PodFirewall> pods, List<String> notes) {

	public FirewallPlan {
		pods = List.copyOf(pods);
		notes = List.copyOf(notes);
	}

	public FirewallPlan(List<PodFirewall> pods) {
		this(pods, List.of());
	}

}
