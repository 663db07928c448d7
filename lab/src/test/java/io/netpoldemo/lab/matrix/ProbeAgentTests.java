package io.netpoldemo.lab.matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab stages the probe agent as one class file for the unprivileged agents ({@code MatrixLab.stageAgent}): a
 * nested or helper class would be missing there, and every probe that needs it would go unanswered.
 */
class ProbeAgentTests {

	@Test
	void isOneClassFileAsTheLabStagesIt() throws Exception {
		Path classes = Path.of(ProbeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path folder = classes.resolve(ProbeAgent.class.getPackageName().replace('.', '/'));
		try (Stream<Path> files = Files.list(folder)) {
			assertThat(files.map((file) -> file.getFileName().toString()).filter((name) -> name.startsWith("ProbeAgent")))
				.containsExactly("ProbeAgent.class");
		}
	}

}
