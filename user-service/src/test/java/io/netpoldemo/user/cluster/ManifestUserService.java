package io.netpoldemo.user.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.ClosedPort;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real user service on a loopback port, as the demo's user pod, whose six targets all answer 200 on one WireMock
 * server and whose expectations come from manifest files, as in the lab: {@link #inForce} puts a scenario of
 * {@code k8s/policies} in force, and the next round is judged by it. Reaching a target that a scenario denies is
 * what a network plugin that ignores NetworkPolicy shows. Each subclass gets its own context, peer and files.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "checks.timeouts.connect=1s",
		"checks.timeouts.request=2s", "checks.dns.hosts-file=/nonexistent/hosts", "checks.expectations.recheck=0s" })
@Import(ManifestUserService.UserPod.class)
@DirtiesContext
public abstract class ManifestUserService {

	/** The repository's root: the tests run in the user-service module. */
	protected static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	protected static final List<String> TARGETS = List.of("auth", "hello", "github", "httpbin", "argocd", "kube-dns");

	static WireMockServer peer;

	private static Path directory;

	private static Path active;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void service(DynamicPropertyRegistry registry) throws IOException {
		// Started with the context, which @DirtiesContext closes after each class: every subclass has its own.
		peer = startPeer();
		directory = Files.createTempDirectory("manifest-user-service");
		Path policies = Files.createDirectories(directory.resolve("policies"));
		Files.writeString(policies.resolve("kustomization.yaml"), "namespace: " + DemoCluster.NAMESPACE + "\n");
		active = policies.resolve("active.yaml");
		Files.writeString(active, "");
		registry.add("checks.expectations.manifests",
				() -> String.join(",", DemoCluster.K8S.resolve("namespace.yaml").toString(),
						DemoCluster.K8S.resolve("user-service.yaml").toString(),
						DemoCluster.K8S.resolve("auth-service.yaml").toString(),
						DemoCluster.K8S.resolve("helloworld-service.yaml").toString(), policies.toString()));
		String base = "http://127.0.0.1:" + peer.port();
		for (String name : TARGETS) {
			registry.add("checks.targets." + name + ".kind", () -> "http");
			registry.add("checks.targets." + name + ".url", () -> base + "/" + name);
		}
		registry.add("checks.dns.servers", () -> "127.0.0.1:" + ClosedPort.next());
	}

	@AfterAll
	static void stopPeer() throws IOException {
		peer.stop();
		try (var files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	protected int port() {
		return this.port;
	}

	protected String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Puts a scenario of {@code k8s/policies} in force, as the lab writes it: a new file renamed over the old. */
	protected static void inForce(String scenario) throws IOException {
		Path next = Files.createTempFile(active.getParent(), ".next", ".tmp");
		Files.copy(DemoCluster.K8S.resolve("policies").resolve(scenario + ".yaml"), next,
				StandardCopyOption.REPLACE_EXISTING);
		Files.move(next, active, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static WireMockServer startPeer() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		server.stubFor(any(anyUrl()).willReturn(ok("{}")));
		return server;
	}

	/** The demo's user pod as {@link io.netpoldemo.netpol.ManifestLoader} names it: after its Deployment. */
	@TestConfiguration(proxyBeanMethods = false)
	static class UserPod {

		@Bean
		PodIdentity podIdentity() {
			return new PodIdentity("user-service", "test", "user-app", DemoCluster.NAMESPACE, null, "user-app");
		}

	}

}
