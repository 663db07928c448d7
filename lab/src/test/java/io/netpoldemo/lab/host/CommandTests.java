package io.netpoldemo.lab.host;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host command meets its deadline and reports what it did, however it treats its input.
 */
class CommandTests {

	/** More than a pipe holds (64 KiB on Linux), so neither side can finish on the kernel's buffer alone. */
	private static final String LARGE_INPUT = "x".repeat(512 * 1024);

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void readsTheOutputOfACommandThatPrintsBeforeReadingItsInput() {
		// timeout(1) ends a deadlock, should there be one, before the test's own deadline.
		Command.Result result = Command.of("timeout", "10", "sh", "-c", "head -c 200000 /dev/zero; cat >/dev/null")
			.run(LARGE_INPUT);

		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).hasSize(200000);
	}

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void reportsTheExitCodeAndOutputOfACommandThatStopsReadingItsInput() {
		Command.Result result = Command.of("sh", "-c", "echo no such namespace; exit 3").run(LARGE_INPUT);

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).isEqualTo("no such namespace\n");
	}

}
