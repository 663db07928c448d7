package io.netpoldemo.netpol;

import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.netpoldemo.netpol.connections.Intervals;
import io.netpoldemo.netpol.connections.Peer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The address space cut at the policies' ipBlock boundaries, as netpol-analyzer cuts and prints it. */
class IpRangesTests {

	@Test
	void aBlockCutsTheSpaceInThree() {
		assertThat(names(List.of(block("10.0.0.0/8")))).containsExactlyInAnyOrder("0.0.0.0-9.255.255.255",
				"10.0.0.0-10.255.255.255", "11.0.0.0-255.255.255.255");
	}

	@Test
	void noBlockLeavesTheWholeSpace() {
		assertThat(names(List.of())).containsExactly("0.0.0.0-255.255.255.255");
	}

	@Test
	void exceptsCutTooAndASingleAddressIsARange() {
		assertThat(names(List.of(block("10.0.2.0/24", "10.0.2.3/32")))).containsExactlyInAnyOrder(
				"0.0.0.0-10.0.1.255", "10.0.2.0-10.0.2.2", "10.0.2.3-10.0.2.3",
				"10.0.2.4-10.0.2.255", "10.0.3.0-255.255.255.255");
	}

	@Test
	void aRangeHoldingAHoleOfALargerBlockStaysOnePeerAsInNetpolAnalyzer() {
		// The /24 is cut by the /16's except: its two outer parts behave alike and stay one peer, printed as two ranges.
		assertThat(names(List.of(block("10.0.0.0/24"), block("10.0.0.0/16", "10.0.0.64/26"))))
			.contains("10.0.0.0-10.0.0.63, 10.0.0.128-10.0.0.255", "10.0.0.64-10.0.0.127");
	}

	@Test
	void ipv6BlocksAreNotAddressRangesHere() {
		assertThat(IpRanges.of(new IPBlockBuilder().withCidr("2001:db8::/32").build())).isNull();
	}

	private static Intervals block(String cidr, String... except) {
		return IpRanges.of(new IPBlockBuilder().withCidr(cidr).withExcept(except).build());
	}

	private static List<String> names(List<Intervals> blocks) {
		return IpRanges.disjoint(blocks).stream().map((range) -> Peer.external(range).name()).toList();
	}

}
