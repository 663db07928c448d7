package io.netpoldemo.netpol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrTests {

	@ParameterizedTest(name = "{0} holds {1}: {2}")
	@CsvSource({ "0.0.0.0/0, 203.0.113.7, true", "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.0, false",
			"10.0.0.0/23, 10.0.1.255, true", "10.0.0.0/23, 10.0.2.0, false", "10.0.1.0/28, 10.0.1.15, true",
			"10.0.1.0/28, 10.0.1.16, false", "10.0.0.1/32, 10.0.0.1, true", "10.0.0.1/32, 10.0.0.0, false",
			"192.168.0.0/31, 192.168.0.1, true", "192.168.0.0/31, 192.168.0.2, false", "'fd00::/64', 'fd00::1', true",
			"'fd00::/64', 'fd00:0:0:1::1', false", "'::/0', 10.0.0.1, false", "0.0.0.0/0, '::1', false",
			"'::ffff:10.0.0.0/104', 10.0.0.1, false", "'::ffff:10.0.0.0/104', '::ffff:10.0.0.1', true",
			"0.0.0.0/0, '::ffff:10.0.0.1', false" })
	void containsComparesThePrefixBitsOfTheSameFamily(String cidr, String address, boolean contains) {
		assertThat(IpBlocks.contains(cidr, address)).isEqualTo(contains);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "10.0.0.256, 256", "999.1.1.1, 999" })
	void octetAbove255IsNoAddressAndNoNameToLookUp(String address, String octet) {
		assertThatIllegalArgumentException().isThrownBy(() -> IpBlocks.contains("10.0.0.0/8", address))
			.withMessage("'" + address + "' is not an IP address: " + octet + " is above 255")
			.withNoCause();
	}

}
