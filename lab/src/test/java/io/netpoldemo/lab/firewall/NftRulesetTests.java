package io.netpoldemo.lab.firewall;

import java.util.List;
import java.util.Map;

import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.firewall.AddressMatch;
import io.netpoldemo.netpol.firewall.AllowRule;
import io.netpoldemo.netpol.firewall.FirewallPlan;
import io.netpoldemo.netpol.firewall.PodFirewall;
import io.netpoldemo.netpol.firewall.PortMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NftRulesetTests {

	private static final List<ServiceRoute> ROUTES = List.of(
			new ServiceRoute("netpol-demo/helloworld-app-service", "10.96.0.102", "TCP", 8889, "10.244.0.12", 8888),
			new ServiceRoute("kube-system/kube-dns", "10.96.0.10", "UDP", 53, "10.244.0.13", 53),
			new ServiceRoute("netpol-demo/orphan", "10.96.0.104", "TCP", 80, null, 80));

	private static final Map<String, String> LINKS = Map.of("10.244.0.10", "veth10", "10.244.0.12", "veth12");

	private static final PodFirewall HELLO_OPEN = new PodFirewall("netpol-demo", "helloworld-app-0", "10.244.0.12",
			false, false, List.of(), List.of());

	@Test
	void replacesTheLabTableInOneTransaction() {
		String script = render(open());
		assertThat(script).startsWith("# netpol-demo lab: policies enforced\n"
				+ "table inet netpol_lab\ndelete table inet netpol_lab\ntable inet netpol_lab {\n");
	}

	@Test
	void translatesServicePortsToPodPortsBeforeTheFilter() {
		String script = render(open());
		assertThat(script).contains("type nat hook prerouting priority dstnat;")
			.contains("ip daddr 10.96.0.102 tcp dport 8889 dnat ip to 10.244.0.12:8888")
			.contains("ip daddr 10.96.0.10 udp dport 53 dnat ip to 10.244.0.13:53")
			.contains("type filter hook forward priority filter;")
			.doesNotContain("10.96.0.104");
	}

	@Test
	void letsEverythingThroughWhereNoPolicySelectsThePod() {
		String script = render(open());
		assertThat(chain(script, "forward")).doesNotContain("vmap").doesNotContain("jump");
		assertThat(script).doesNotContain("counter drop");
	}

	@Test
	void dropsWhatNoRuleAllowsWhereEgressIsIsolated() {
		PodFirewall firewall = new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, true, List.of(),
				List.of());
		String script = render(firewall);
		assertThat(chain(script, "forward")).containsSubsequence("ct state established,related accept",
				"iifname vmap { \"veth10\" : jump egress_veth10 }");
		assertThat(chain(script, "egress_veth10")).containsSubsequence("ip daddr 10.244.0.10 return",
				"counter drop comment \"egress of netpol-demo/user-app-0 is isolated\"");
	}

	@Test
	void writesNoFilterWhenPoliciesAreNotEnforced() {
		PodFirewall firewall = new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", true, true, List.of(),
				List.of());
		String script = NftRuleset.render(new FirewallPlan(List.of(firewall, HELLO_OPEN)), LINKS, ROUTES, false);
		assertThat(script).startsWith("# netpol-demo lab: policies NOT enforced")
			.contains("dnat ip to 10.244.0.12:8888")
			.doesNotContain("jump")
			.doesNotContain("counter drop");
	}

	@Test
	void dropsForgedSourceAddresses() {
		assertThat(chain(render(open()), "forward"))
			.contains("iifname \"veth10\" ip saddr != 10.244.0.10 drop")
			.contains("iifname \"veth12\" ip saddr != 10.244.0.12 drop");
	}

	@Test
	void allowsEachPeerOnEachPortOfARule() {
		AllowRule dns = new AllowRule("netpol-demo/user-allow-dns", 0,
				List.of(new AddressMatch("10.244.0.13/32", List.of())),
				List.of(new PortMatch("UDP", 53, null), new PortMatch("TCP", 53, null)));
		String egress = chain(render(egressOnly(dns)), "egress_veth10");
		assertThat(egress)
			.contains("ip daddr 10.244.0.13/32 udp dport 53 counter return comment \"netpol-demo/user-allow-dns egress[0]\"")
			.contains("ip daddr 10.244.0.13/32 tcp dport 53 counter return");
	}

	@Test
	void matchesEveryAddressFamilyForAnEmptyPeerList() {
		AllowRule https = new AllowRule("netpol-demo/p", 0,
				List.of(new AddressMatch("0.0.0.0/0", List.of()), new AddressMatch("::/0", List.of())),
				List.of(new PortMatch("TCP", 443, null)));
		String egress = chain(render(egressOnly(https)), "egress_veth10");
		assertThat(egress).contains("ip daddr 0.0.0.0/0 tcp dport 443 counter return")
			.contains("ip6 daddr ::/0 tcp dport 443 counter return");
	}

	@Test
	void keepsIpBlockExceptionsOut() {
		AllowRule block = new AllowRule("netpol-demo/p", 1,
				List.of(new AddressMatch("10.0.0.0/8", List.of("10.244.0.0/24", "10.96.0.0/24"))), List.of());
		String egress = chain(render(egressOnly(block)), "egress_veth10");
		assertThat(egress).contains("ip daddr 10.0.0.0/8 ip daddr != { 10.244.0.0/24, 10.96.0.0/24 } counter return");
	}

	@Test
	void rendersPortRangesAndProtocolOnlyEntries() {
		AllowRule ports = new AllowRule("netpol-demo/p", 2, List.of(new AddressMatch("10.244.0.11/32", List.of())),
				List.of(new PortMatch("TCP", 8000, 8124), new PortMatch("SCTP", null, null),
						new PortMatch("UDP", 53, 53)));
		String egress = chain(render(egressOnly(ports)), "egress_veth10");
		assertThat(egress).contains("tcp dport 8000-8124 counter return")
			.contains("meta l4proto sctp counter return")
			.contains("udp dport 53 counter return");
	}

	@Test
	void filtersIngressOnTheSourceAddressAfterTheSourcesEgress() {
		AllowRule fromUser = new AllowRule("netpol-demo/p", 0, List.of(new AddressMatch("10.244.0.10/32", List.of())),
				List.of(new PortMatch("TCP", 8888, null)));
		PodFirewall hello = new PodFirewall("netpol-demo", "helloworld-app-0", "10.244.0.12", true, false,
				List.of(fromUser), List.of());
		PodFirewall user = new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, true, List.of(),
				List.of());
		String script = NftRuleset.render(new FirewallPlan(List.of(user, hello)), LINKS, ROUTES, true);
		assertThat(chain(script, "forward")).containsSubsequence("iifname vmap { \"veth10\" : jump egress_veth10 }",
				"oifname vmap { \"veth12\" : jump ingress_veth12 }");
		assertThat(chain(script, "ingress_veth12")).contains("ip saddr 10.244.0.12 accept")
			.contains("ip saddr 10.244.0.10/32 tcp dport 8888 counter accept comment \"netpol-demo/p ingress[0]\"")
			.contains("drop comment \"ingress of netpol-demo/helloworld-app-0 is isolated\"");
		assertThat(script).doesNotContain("egress_veth12");
	}

	private static String render(PodFirewall user) {
		return NftRuleset.render(new FirewallPlan(List.of(user, HELLO_OPEN)), LINKS, ROUTES, true);
	}

	private static PodFirewall open() {
		return new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, false, List.of(), List.of());
	}

	private static PodFirewall egressOnly(AllowRule rule) {
		return new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, true, List.of(), List.of(rule));
	}

	private static String chain(String script, String name) {
		int start = script.indexOf("chain " + name + " {");
		assertThat(start).as("chain %s in\n%s", name, script).isNotNegative();
		return script.substring(start, script.indexOf("\n\t}", start));
	}

}
