package io.netpoldemo.lab.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The auto-configurations the lab's service pods leave out are auto-configurations of each service: Spring Boot
 * ignores a name it cannot load, so a misspelt or renamed one would silently leave its work in every lab start.
 */
class LabExcludedAutoConfigurationsTests {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@ParameterizedTest
	@ValueSource(strings = { "user-service", "auth-service", "helloworld-service" })
	void everyExclusionIsAnAutoConfigurationOfTheService(String module) throws IOException {
		Path jar = REPOSITORY.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
		if (!Files.isRegularFile(jar)) {
			String message = "no " + jar + ": build the services first (./mvnw -B -ntp -DskipTests package)";
			if ("true".equals(System.getenv("CI"))) {
				fail(message + " (CI=true: this test must run)");
			}
			Assumptions.abort(message + "; skipped");
		}
		assertThat(autoConfigurations(jar)).as("the auto-configurations in %s", jar)
			.containsAll(PodProcesses.LAB_EXCLUDED);
	}

	/** Every auto-configuration the jars inside a Spring Boot jar declare. */
	private static Set<String> autoConfigurations(Path bootJar) throws IOException {
		Set<String> names = new TreeSet<>();
		try (ZipFile zip = new ZipFile(bootJar.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(entry))) {
						names.addAll(imports(nested));
					}
				}
			}
		}
		return names;
	}

	private static Set<String> imports(ZipInputStream jar) throws IOException {
		Set<String> names = new TreeSet<>();
		for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
			if (entry.getName().equals(IMPORTS)) {
				String text = new String(((InputStream) jar).readAllBytes(), StandardCharsets.UTF_8);
				text.lines().map(String::strip).filter((line) -> !line.isEmpty() && !line.startsWith("#")).forEach(names::add);
			}
		}
		return names;
	}

}
