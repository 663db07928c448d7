package io.netpoldemo.lab.host;

import io.netpoldemo.lab.matrix.HostRequirements;
import io.netpoldemo.lab.topology.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PodNetworkTests {

	/** A batch line is one command of names and addresses: nothing can add a second command or reach a shell. */
	@ParameterizedTest
	@ValueSource(strings = { "link set lo up\nnetns del other", "addr add 10.0.0.1/32 dev eth0; reboot",
			"link set $(touch x) up", "", " link set lo up", "link  set lo up", "route add default via `id`" })
	void refusesALineThatIsNotOneCommandOfNamesAndAddresses(String line) {
		assertThatExceptionOfType(LabException.class)
			.isThrownBy(() -> PodNetwork.batch("npu-none", "link set lo up", line))
			.withMessageContaining("refusing the ip command");
	}

	/** One process for the whole batch, and a failure that names its command as if it had run alone. */
	@Test
	void namesTheCommandOfABatchThatFailed() {
		HostRequirements.require("The ip batch tests");
		String netns = "npu-batch";
		Command.of("ip", "netns", "add", netns).check();
		try {
			assertThatExceptionOfType(LabException.class)
				.isThrownBy(() -> PodNetwork.batch(netns, "link set lo up", "link set nosuch0 up", "link set lo down"))
				.withMessageStartingWith("'ip -n npu-batch link set nosuch0 up' failed (exit 1): ")
				.withMessageNotContaining("Command failed");
			// The batch stopped at the failure: the line after it did not run.
			assertThat(Command.of("ip", "-n", netns, "link", "show", "lo").check())
				.contains("UP");
		}
		finally {
			Command.of("ip", "netns", "del", netns).run(null);
		}
	}

}
