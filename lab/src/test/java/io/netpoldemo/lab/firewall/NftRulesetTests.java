package io.netpoldemo.lab.firewall;

import java.util.List;

import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.firewall.AddressMatch;
import io.netpoldemo.netpol.firewall.AllowRule;
import io.netpoldemo.netpol.firewall.PodFirewall;
import io.netpoldemo.netpol.firewall.PortMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NftRulesetTests {

	private static final List<ServiceRoute> ROUTES = List.of(
			new ServiceRoute("netpol-demo/helloworld-app-service", "10.96.0.102", "TCP", 8889, "10.244.0.12", 8888),
			new ServiceRoute("kube-system/kube-dns", "10.96.0.10", "UDP", 53, "10.244.0.13", 53),
			new ServiceRoute("netpol-demo/orphan", "10.96.0.104", "TCP", 80, null, 80));

	@Test
	void replacesTheLabTableInOneTransaction() {
		String script = NftRuleset.render(open(), ROUTES);
		assertThat(script).startsWith("# netpol-demo/user-app-0 10.244.0.10\n"
				+ "table inet netpol_lab\ndelete table inet netpol_lab\ntable inet netpol_lab {\n");
	}

	@Test
	void translatesServicePortsToPodPortsBeforeTheFilter() {
		String script = NftRuleset.render(open(), ROUTES);
		assertThat(script).contains("type nat hook output priority -100;")
			.contains("ip daddr 10.96.0.102 tcp dport 8889 dnat ip to 10.244.0.12:8888")
			.contains("ip daddr 10.96.0.10 udp dport 53 dnat ip to 10.244.0.13:53")
			.doesNotContain("10.96.0.104");
	}

	@Test
	void letsEverythingThroughWhereNoPolicySelectsThePod() {
		String script = NftRuleset.render(open(), ROUTES);
		assertThat(script).contains("chain egress {\n\t\ttype filter hook output priority filter; policy accept;\n\t}")
			.contains("chain ingress {\n\t\ttype filter hook input priority filter; policy accept;\n\t}")
			.doesNotContain("drop");
	}

	@Test
	void dropsWhatNoRuleAllowsWhereEgressIsIsolated() {
		PodFirewall firewall = new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, true, List.of(),
				List.of());
		String egress = chain(NftRuleset.render(firewall, ROUTES), "egress");
		assertThat(egress).containsSubsequence("oif \"lo\" accept", "ct state established,related accept",
				"ip daddr 10.244.0.10 accept",
				"counter drop comment \"egress of netpol-demo/user-app-0 is isolated\"");
	}

	@Test
	void allowsEachPeerOnEachPortOfARule() {
		AllowRule dns = new AllowRule("netpol-demo/user-allow-dns", 0,
				List.of(new AddressMatch("10.244.0.13/32", List.of())),
				List.of(new PortMatch("UDP", 53, null), new PortMatch("TCP", 53, null)));
		String egress = chain(NftRuleset.render(egressOnly(dns), ROUTES), "egress");
		assertThat(egress)
			.contains("ip daddr 10.244.0.13/32 udp dport 53 counter accept comment \"netpol-demo/user-allow-dns egress[0]\"")
			.contains("ip daddr 10.244.0.13/32 tcp dport 53 counter accept");
	}

	@Test
	void matchesEveryAddressFamilyForAnEmptyPeerList() {
		AllowRule https = new AllowRule("netpol-demo/p", 0,
				List.of(new AddressMatch("0.0.0.0/0", List.of()), new AddressMatch("::/0", List.of())),
				List.of(new PortMatch("TCP", 443, null)));
		String egress = chain(NftRuleset.render(egressOnly(https), ROUTES), "egress");
		assertThat(egress).contains("ip daddr 0.0.0.0/0 tcp dport 443 counter accept")
			.contains("ip6 daddr ::/0 tcp dport 443 counter accept");
	}

	@Test
	void keepsIpBlockExceptionsOut() {
		AllowRule block = new AllowRule("netpol-demo/p", 1,
				List.of(new AddressMatch("10.0.0.0/8", List.of("10.244.0.0/24", "10.96.0.0/24"))), List.of());
		String egress = chain(NftRuleset.render(egressOnly(block), ROUTES), "egress");
		assertThat(egress).contains("ip daddr 10.0.0.0/8 ip daddr != { 10.244.0.0/24, 10.96.0.0/24 } counter accept");
	}

	@Test
	void rendersPortRangesAndProtocolOnlyEntries() {
		AllowRule ports = new AllowRule("netpol-demo/p", 2, List.of(new AddressMatch("10.244.0.11/32", List.of())),
				List.of(new PortMatch("TCP", 8000, 8124), new PortMatch("SCTP", null, null),
						new PortMatch("UDP", 53, 53)));
		String egress = chain(NftRuleset.render(egressOnly(ports), ROUTES), "egress");
		assertThat(egress).contains("tcp dport 8000-8124 counter accept")
			.contains("meta l4proto sctp counter accept")
			.contains("udp dport 53 counter accept");
	}

	@Test
	void filtersIngressOnTheSourceAddress() {
		AllowRule fromUser = new AllowRule("netpol-demo/p", 0, List.of(new AddressMatch("10.244.0.10/32", List.of())),
				List.of(new PortMatch("TCP", 8888, null)));
		PodFirewall hello = new PodFirewall("netpol-demo", "helloworld-app-0", "10.244.0.12", true, false,
				List.of(fromUser), List.of());
		String script = NftRuleset.render(hello, ROUTES);
		assertThat(chain(script, "ingress")).contains("iif \"lo\" accept")
			.contains("ip saddr 10.244.0.12 accept")
			.contains("ip saddr 10.244.0.10/32 tcp dport 8888 counter accept comment \"netpol-demo/p ingress[0]\"")
			.contains("drop comment \"ingress of netpol-demo/helloworld-app-0 is isolated\"");
		assertThat(chain(script, "egress")).doesNotContain("drop");
	}

	private static PodFirewall open() {
		return new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, false, List.of(), List.of());
	}

	private static PodFirewall egressOnly(AllowRule rule) {
		return new PodFirewall("netpol-demo", "user-app-0", "10.244.0.10", false, true, List.of(), List.of(rule));
	}

	private static String chain(String script, String name) {
		int start = script.indexOf("chain " + name + " {");
		return script.substring(start, script.indexOf("\n\t}", start));
	}

}
