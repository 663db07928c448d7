package io.netpoldemo.user.trio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code bin/aot-cache}, which {@code make run}, the lab and these tests start the services with: trained once per
 * build, reused while the jar is unchanged, and a stale or foreign cache never breaks a start: it is made again, or
 * skipped, with one line saying so. The auth service's jar stands in for any service; the cache goes to a directory
 * of the test's own.
 */
class AotCacheIntegrationTests {

	private static final String TRAINING = "training the AOT cache for auth-service, once per build";

	@TempDir
	Path work;

	@Test
	void makesTheCacheOnceAndMakesItAgainForAForeignCacheOrARebuiltJar() throws Exception {
		Path jar = copyOfAuthJar();
		Path dir = this.work.resolve("aot");
		List<String> fromCache = List.of("-XX:AOTCache=" + dir.resolve("auth-service.aot"), "-jar",
				dir.resolve(jar.getFileName()).toString());

		ServiceJar.Launch first = ServiceJar.launch(jar, dir, Map.of());
		assertThat(first.messages()).singleElement().asString().startsWith(TRAINING + "...");
		assertThat(first.arguments()).isEqualTo(fromCache);
		// Trained as a pod starts, up to its first answers: Tomcat's start and the first requests are in the cache.
		assertThat(Files.readString(dir.resolve("training.log"))).contains("Tomcat started on port")
			.contains("Initializing Spring DispatcherServlet")
			.contains("AOTCache creation is complete");

		Path accepted = dir.resolve("accepted");
		FileTime asked = Files.getLastModifiedTime(accepted);
		ServiceJar.Launch reused = ServiceJar.launch(jar, dir, Map.of());
		assertThat(reused.messages()).as("the jar is unchanged: nothing to say").isEmpty();
		assertThat(reused.arguments()).isEqualTo(fromCache);
		assertThat(Files.getLastModifiedTime(accepted)).as("nothing the JVM checks changed: it is not asked again")
			.isEqualTo(asked);

		madeByAnotherJdkBuild(dir.resolve("auth-service.aot"));
		ServiceJar.Launch afterForeign = ServiceJar.launch(jar, dir, Map.of());
		assertThat(afterForeign.messages()).singleElement()
			.asString()
			.startsWith(TRAINING)
			.contains("this JVM refused the last one", "different version or build of HotSpot");
		assertThat(afterForeign.arguments()).isEqualTo(fromCache);
		assertStarts(afterForeign);

		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
		ServiceJar.Launch afterRebuild = ServiceJar.launch(jar, dir, Map.of());
		assertThat(afterRebuild.messages()).singleElement()
			.asString()
			.startsWith(TRAINING + " (the jar was rebuilt)...");
		assertThat(afterRebuild.arguments()).isEqualTo(fromCache);
	}

	@Test
	void processesTheBeansAheadOfTimeForTheEnvironmentItIsGiven() throws Exception {
		Path jar = copyOfAuthJar();
		Path dir = this.work.resolve("aot");
		Map<String, String> environment = Map.of("SPRING_AOT_ENV", "AUTH_DEMO_TOKEN", "AUTH_DEMO_TOKEN",
				"aot-test-token");
		List<String> processed = List.of("-XX:AOTCache=" + dir.resolve("auth-service.aot"),
				"-Dspring.aot.enabled=true", "-cp", dir.resolve(jar.getFileName()) + ":" + dir.resolve("spring-aot.jar"),
				"io.netpoldemo.auth.AuthApplication");

		ServiceJar.Launch first = ServiceJar.launch(jar, dir, environment);
		assertThat(first.messages()).singleElement().asString().startsWith(TRAINING + "...");
		assertThat(first.arguments()).isEqualTo(processed);
		assertThat(Files.readString(dir.resolve("training.log"))).contains("Starting AOT-processed AuthApplication")
			.contains("AOTCache creation is complete");
		assertThat(Files.readString(dir.resolve("stamp"))).as("a digest of the environment, not its values")
			.doesNotContain("aot-test-token");
		assertStarts(first);
		assertThat(Files.readString(this.work.resolve("auth-service.log")))
			.contains("Starting AOT-processed AuthApplication");

		ServiceJar.Launch reused = ServiceJar.launch(jar, dir, environment);
		assertThat(reused.messages()).as("same jar, same environment: nothing to say").isEmpty();
		assertThat(reused.arguments()).isEqualTo(processed);

		ServiceJar.Launch otherValue = ServiceJar.launch(jar, dir,
				Map.of("SPRING_AOT_ENV", "AUTH_DEMO_TOKEN", "AUTH_DEMO_TOKEN", "another-token"));
		assertThat(otherValue.messages()).singleElement()
			.asString()
			.startsWith(TRAINING + " (the environment it runs in changed)...");
		assertThat(otherValue.arguments()).isEqualTo(processed);

		assertThatThrownBy(() -> ServiceJar.launch(jar, dir, Map.of("SPRING_AOT_ENV", "AUTH-TOKEN")))
			.hasMessageContaining("failed (2)")
			.hasMessageContaining("SPRING_AOT_ENV names 'AUTH-TOKEN', which is not a variable name");
	}

	@Test
	void startsFromTheJdksCacheAloneWhenSpringsAotProcessingFails() throws Exception {
		Path jar = copyOfAuthJar();
		Path dir = this.work.resolve("aot");
		Path java = wrapper(javaHomeCopy("jdk-failing-aot"),
				"case \"$*\" in *SpringApplicationAotProcessor*) echo 'no processing here' >&2; exit 1;; esac\n");
		ServiceJar.Launch launch = ServiceJar.launch(jar, dir,
				Map.of("JAVA", java.toString(), "SPRING_AOT_ENV", "AUTH_DEMO_TOKEN", "AUTH_DEMO_TOKEN", "t"));
		assertThat(launch.messages()).hasSize(2)
			.last()
			.asString()
			.contains("Spring's AOT processing of auth-service failed", "it starts from the JDK's cache alone");
		assertThat(launch.arguments()).isEqualTo(List.of("-XX:AOTCache=" + dir.resolve("auth-service.aot"), "-jar",
				dir.resolve(jar.getFileName()).toString()));
		assertThat(Files.readString(dir.resolve("spring-aot.log"))).contains("no processing here");
	}

	@Test
	void startsPlainOnAJdkOlderThan25OrWithAotOff() throws Exception {
		Path jar = copyOfAuthJar();
		Path dir = this.work.resolve("aot");
		List<String> plain = List.of("-jar", jar.toString());

		ServiceJar.Launch old = ServiceJar.launch(jar, dir, Map.of("JAVA", javaOfRelease("21.0.5").toString()));
		assertThat(old.messages()).singleElement()
			.asString()
			.contains("older than JDK 25", "auth-service starts without it");
		assertThat(old.arguments()).isEqualTo(plain);

		ServiceJar.Launch off = ServiceJar.launch(jar, dir, Map.of("AOT", "0"));
		assertThat(off.messages()).isEmpty();
		assertThat(off.arguments()).isEqualTo(plain);
		assertThat(dir).doesNotExist();
	}

	@Test
	void startsPlainWhenTheTrainingRunFails() throws Exception {
		Path jar = copyOfAuthJar();
		Path dir = this.work.resolve("aot");
		ServiceJar.Launch launch = ServiceJar.launch(jar, dir, Map.of("JAVA", javaFailingToTrain().toString()));
		assertThat(launch.messages()).hasSize(2)
			.last()
			.asString()
			.contains("training auth-service failed", "auth-service starts without the cache");
		assertThat(launch.arguments()).isEqualTo(List.of("-jar", jar.toString()));
		assertStarts(launch);
	}

	private Path copyOfAuthJar() throws IOException {
		Path jar = ServiceJar.jar("auth-service");
		Path copy = this.work.resolve(jar.getFileName());
		Files.copy(jar, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
		return copy;
	}

	/** The JVM's build as the cache's header records it, changed: what a cache made by another JDK build holds. */
	private static void madeByAnotherJdkBuild(Path cache) throws IOException {
		byte[] bytes = Files.readAllBytes(cache);
		byte[] build = System.getProperty("java.vm.version").getBytes(StandardCharsets.US_ASCII);
		int at = indexOf(bytes, build, 16_384);
		assertThat(at).as("the JVM's build in the cache header").isNotNegative();
		bytes[at] = (byte) ((bytes[at] == '9') ? '8' : '9');
		Files.write(cache, bytes);
	}

	private static int indexOf(byte[] bytes, byte[] wanted, int within) {
		for (int i = 0; i < Math.min(bytes.length, within) - wanted.length; i++) {
			if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
				return i;
			}
		}
		return -1;
	}

	/** This JVM behind a JDK directory whose release file names another version. */
	private Path javaOfRelease(String version) throws IOException {
		Path home = this.work.resolve("jdk-" + version);
		Files.createDirectories(home);
		Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
		return wrapper(home, "");
	}

	/** This JVM, except that a training run fails as one that cannot write its cache would. */
	private Path javaFailingToTrain() throws IOException {
		return wrapper(javaHomeCopy("jdk-failing"),
				"case \"$*\" in *AOTCacheOutput*) echo 'cannot write the cache' >&2; exit 1;; esac\n");
	}

	/** A JDK directory with this JDK's release file and its javac and jar, for a wrapper of its java. */
	private Path javaHomeCopy(String name) throws IOException {
		Path home = this.work.resolve(name);
		Path jdk = Path.of(ServiceJar.JAVA).getParent().getParent();
		Files.createDirectories(home.resolve("bin"));
		Files.copy(jdk.resolve("release"), home.resolve("release"));
		for (String tool : List.of("javac", "jar")) {
			Files.writeString(home.resolve("bin").resolve(tool), "#!/bin/sh\nexec '" + jdk.resolve("bin").resolve(tool)
					+ "' \"$@\"\n");
			Files.setPosixFilePermissions(home.resolve("bin").resolve(tool), PosixFilePermissions.fromString("r-x------"));
		}
		return home;
	}

	private static Path wrapper(Path home, String before) throws IOException {
		Path java = home.resolve("bin").resolve("java");
		Files.createDirectories(java.getParent());
		Files.writeString(java, "#!/bin/sh\n" + before + "exec '" + ServiceJar.JAVA + "' \"$@\"\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("r-x------"));
		return java;
	}

	private void assertStarts(ServiceJar.Launch launch) throws Exception {
		int port = freePort();
		Path log = this.work.resolve("auth-service.log");
		Process service = ServiceJar.start(launch, port, log, Map.of("AUTH_DEMO_TOKEN", "aot-test-token"));
		try {
			ServiceJar.awaitReady(port, Duration.ofMinutes(2), log);
		}
		finally {
			service.destroy();
			if (!service.waitFor(20, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
