package io.netpoldemo.lab.host;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netpoldemo.lab.firewall.NftRuleset;
import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.firewall.FirewallPlan;
import io.netpoldemo.netpol.firewall.PodFirewall;

/**
 * The lab's packet filter, in the router namespace that {@link PodNetwork} wires every pod to: Service translation
 * and every pod's policies, replaced as a whole by one {@code nft -f} (atomic: invalid input leaves the rules in
 * force untouched).
 */
public final class HostFirewall {

	private static final Pattern CHAIN = Pattern.compile("^\\s*chain (egress|ingress)_(\\S+) \\{");

	private static final Pattern DROP_COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");

	private final String router;

	/**
	 * @param routerNetns the router namespace of a {@link PodNetwork}
	 */
	public HostFirewall(String routerNetns) {
		this.router = routerNetns;
	}

	/**
	 * Puts a plan in force.
	 * @param plan every pod's firewall; each pod must have been attached with {@link PodNetwork#attach}
	 * @param routes the Service translations
	 * @param enforcing {@code false} to translate Services but let every packet pass (a network plugin without
	 * NetworkPolicy support)
	 */
	public void apply(FirewallPlan plan, List<ServiceRoute> routes, boolean enforcing) {
		Map<String, String> interfaces = new HashMap<>();
		for (PodFirewall pod : plan.pods()) {
			interfaces.put(pod.ip(), PodNetwork.interfaceOf(pod.ip()));
		}
		String script = NftRuleset.render(plan, interfaces, routes, enforcing);
		Command nft = Command.of("nft", "-f", "-").in(this.router);
		nft.run(script).orThrow(nft);
	}

	/**
	 * What each pod's isolated directions dropped since the last {@link #apply}.
	 * @param podIps the pods to count for
	 * @return by pod IP, {egress, ingress}; a pod without an isolated direction is absent
	 */
	public Map<String, long[]> dropped(List<String> podIps) {
		Map<String, String> ipByInterface = new HashMap<>();
		podIps.forEach((ip) -> ipByInterface.put(PodNetwork.interfaceOf(ip), ip));
		Map<String, long[]> dropped = new LinkedHashMap<>();
		Command.Result listing = Command.of("nft", "list", "table", NftRuleset.FAMILY, NftRuleset.TABLE_NAME)
			.in(this.router)
			.run(null);
		if (!listing.ok()) {
			return dropped;
		}
		String ip = null;
		int direction = 0;
		for (String line : listing.output().lines().toList()) {
			Matcher chain = CHAIN.matcher(line);
			if (chain.find()) {
				ip = ipByInterface.get(chain.group(2));
				direction = chain.group(1).equals("egress") ? 0 : 1;
				continue;
			}
			if (line.strip().startsWith("chain ")) {
				ip = null;
			}
			Matcher counter = DROP_COUNTER.matcher(line);
			if (ip != null && counter.find()) {
				dropped.computeIfAbsent(ip, (key) -> new long[2])[direction] += Long.parseLong(counter.group(1));
			}
		}
		return dropped;
	}

}
