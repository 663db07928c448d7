package io.netpoldemo.user.check;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS probes trust exactly what the JVM's default trust trusts, so {@code -Djavax.net.ssl.trustStore=...} makes a
 * lab CA trusted. The certificate is made by the JDK's keytool, started as a process.
 */
class DefaultTrustIntegrationTests {

	private static final String PASSWORD = "changeit";

	@TempDir
	Path dir;

	private SSLContext original;

	private WireMockServer server;

	@BeforeEach
	void serveHttpsWithAFreshCertificate() throws Exception {
		this.original = SSLContext.getDefault();
		Path keystore = this.dir.resolve("server.p12");
		Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype",
				"PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
		this.server = new WireMockServer(options().bindAddress("127.0.0.1")
			.dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keystore.toString())
			.keystoreType("PKCS12")
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD));
		this.server.start();
		this.server.stubFor(WireMock.get("/").willReturn(WireMock.aResponse().withStatus(200)));
		SSLContext.setDefault(trusting(keystore));
	}

	@AfterEach
	void restoreTheDefaultTrust() {
		SSLContext.setDefault(this.original);
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void trustsWhatTheDefaultTrustTrusts() {
		assertThat(probe("https://127.0.0.1:" + this.server.httpsPort() + "/").outcome()).isEqualTo(Outcome.OK);
	}

	@Test
	void rejectsTheSameCertificateWithoutTheTrust() {
		SSLContext.setDefault(this.original);
		ProbeResult untrusted = probe("https://127.0.0.1:" + this.server.httpsPort() + "/");
		assertThat(untrusted.outcome()).isEqualTo(Outcome.TLS_ERROR);
	}

	@Test
	void verifiesTheHostName() throws Exception {
		Path hosts = Files.writeString(this.dir.resolve("hosts"), "127.0.0.1 other.test\n");
		ProbeResult mismatch = probe("https://other.test:" + this.server.httpsPort() + "/", hosts);
		assertThat(mismatch.outcome()).isEqualTo(Outcome.TLS_ERROR);
		assertThat(mismatch.address()).isEqualTo("127.0.0.1:" + this.server.httpsPort());
	}

	private static ProbeResult probe(String url) {
		return probe(url, Path.of("/nonexistent/netpol-demo"));
	}

	private static ProbeResult probe(String url, Path hosts) {
		ChecksProperties.Timeouts timeouts = new ChecksProperties.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
				Duration.ofSeconds(2));
		Path none = Path.of("/nonexistent/netpol-demo");
		Prober prober = new Prober(
				new NameResolver(new ChecksProperties.Dns(List.of(), List.of(), 1, none, hosts), timeouts.dns()),
				timeouts);
		return prober.probe(Kind.HTTP, Endpoint.of("tls", Kind.HTTP, url), Map.of());
	}

	private static SSLContext trusting(Path keystore) throws Exception {
		KeyStore server = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			server.load(in, PASSWORD.toCharArray());
		}
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("server", server.getCertificate("server"));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

}
