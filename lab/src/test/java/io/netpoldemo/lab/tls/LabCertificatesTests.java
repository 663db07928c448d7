package io.netpoldemo.lab.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LabCertificatesTests {

	@Test
	void issuesAServerCertificateThatTheTrustStoreAccepts(@TempDir Path dir) throws Exception {
		LabCertificates certificates = LabCertificates.create(dir, List.of("api.github.com", "httpbin.org"));
		X509Certificate[] chain = chain(certificates);
		trustManager(certificates.trustStore()).checkServerTrusted(chain, "ECDHE_ECDSA");
		assertThat(chain[0].getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.containsExactly("api.github.com", "httpbin.org");
		assertThat(chain[0].getBasicConstraints()).isEqualTo(-1);
	}

	@Test
	void givesTheUserPodATrustStoreWithTheAuthorityAloneAndNoSecret(@TempDir Path dir) throws Exception {
		LabCertificates certificates = LabCertificates.create(dir, List.of("api.github.com"));
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(certificates.trustStore())) {
			trustStore.load(in, null);
		}
		assertThat(java.util.Collections.list(trustStore.aliases())).singleElement()
			.satisfies((alias) -> assertThat(trustStore.isCertificateEntry(alias)).isTrue());
		assertThat(Files.readString(certificates.trustStore(), java.nio.charset.StandardCharsets.ISO_8859_1))
			.as("the key store's password is not in it")
			.doesNotContain(certificates.password());
	}

	@Test
	void keepsTheServerKeyBehindTheKeyStorePassword(@TempDir Path dir) throws Exception {
		LabCertificates certificates = LabCertificates.create(dir, List.of("api.github.com"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> load(certificates.keyStore(), "not-the-password"));
		assertThat(load(certificates.keyStore(), certificates.password()).isKeyEntry("server")).isTrue();
	}

	@Test
	void issuesAFreshAuthorityEachTime(@TempDir Path dir) throws Exception {
		LabCertificates first = LabCertificates.create(dir.resolve("a"), List.of("api.github.com"));
		LabCertificates second = LabCertificates.create(dir.resolve("b"), List.of("api.github.com"));
		X509TrustManager trustsSecond = trustManager(second.trustStore());
		assertThatExceptionOfType(java.security.cert.CertificateException.class)
			.isThrownBy(() -> trustsSecond.checkServerTrusted(chain(first), "ECDHE_ECDSA"));
	}

	private static X509Certificate[] chain(LabCertificates certificates) throws IOException, GeneralSecurityException {
		KeyStore keyStore = load(certificates.keyStore(), certificates.password());
		Certificate[] chain = keyStore.getCertificateChain("server");
		return java.util.Arrays.copyOf(chain, chain.length, X509Certificate[].class);
	}

	/** As the user service's JVM reads it: {@code javax.net.ssl.trustStore}, no password. */
	private static X509TrustManager trustManager(Path trustStore) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(trustStore)) {
			store.load(in, null);
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return (X509TrustManager) factory.getTrustManagers()[0];
	}

	private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, password.toCharArray());
		}
		return store;
	}

}
