package io.netpoldemo.lab.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's own certificate authority and the certificate of its "internet" server. Only the lab's user service is
 * given the CA (as its JVM trust store), so nothing else on the machine trusts certificates the lab issues.
 *
 * @param keyStore the server's key and certificate chain (PKCS12)
 * @param trustStore the CA certificate alone (PKCS12), for the user service's JVM
 * @param password the password of the key store, which only the lab's internet server reads
 */
public record LabCertificates(Path keyStore, Path trustStore, String password) {

	/** Short-lived: a lab is torn down long before, and a leaked CA is worth little. */
	private static final Duration VALIDITY = Duration.ofDays(7);

	/** ECDSA over P-256: a key pair in milliseconds, where RSA 2048 took about a second each in the lab's JVM. */
	private static final String SIGNATURE = "SHA256withECDSA";

	/**
	 * Creates a fresh CA and a server certificate for the given host names in a directory.
	 * @param dir where to write {@code server.p12} and {@code truststore.p12}
	 * @param hostNames the names the server certificate is valid for
	 * @return the stores and their password
	 */
	public static LabCertificates create(Path dir, List<String> hostNames) {
		return issue(hostNames).writeTo(dir);
	}

	/**
	 * Issues a fresh CA and a server certificate for the given host names, in memory: {@code up} issues them while it
	 * reads the manifests (a cold JVM takes about half a second), and writes them once it knows the lab is not up.
	 * @param hostNames the names the server certificate is valid for
	 * @return the key store, the trust store and the key store's password
	 */
	public static Issued issue(List<String> hostNames) {
		try {
			SecureRandom random = new SecureRandom();
			byte[] secret = new byte[12];
			random.nextBytes(secret);
			String password = HexFormat.of().formatHex(secret);
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			KeyPair caKeys = generator.generateKeyPair();
			X500Name caName = new X500Name("CN=netpol-demo lab CA");
			X509Certificate ca = sign(certificate(caName, caName, caKeys, random)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
					caKeys);
			KeyPair serverKeys = generator.generateKeyPair();
			GeneralName[] names = hostNames.stream()
				.map((host) -> new GeneralName(GeneralName.dNSName, host))
				.toArray(GeneralName[]::new);
			X509Certificate server = sign(certificate(caName, new X500Name("CN=" + hostNames.get(0)), serverKeys,
					random)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
				.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
					caKeys);
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(),
					new Certificate[] { server, ca });
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("netpol-demo-lab-ca", ca);
			return new Issued(keyStore, trustStore, password);
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot issue the lab's certificates: " + ex, ex);
		}
	}

	/**
	 * The lab's certificates, issued and not written yet.
	 *
	 * @param keyStore the server's key and certificate chain
	 * @param trustStore the CA certificate alone
	 * @param password the password of the key store's entry
	 */
	public record Issued(KeyStore keyStore, KeyStore trustStore, String password) {

		/**
		 * Writes both stores.
		 * @param dir where to write {@code server.p12} and {@code truststore.p12}
		 * @return the stores and their password
		 */
		public LabCertificates writeTo(Path dir) {
			LabCertificates certificates = new LabCertificates(dir.resolve("server.p12"), dir.resolve("truststore.p12"),
					this.password);
			try {
				Files.createDirectories(dir);
				// Written without the thousands of PBE and MAC iterations a PKCS12 file gets by default, which the JVM
				// that loads it pays again while the pods' JVMs start on 2 cores. They slow down guessing the
				// password, and here the password lies beside the key store in the lab's own 0700 folder.
				store(this.keyStore, certificates.keyStore(), this.password.toCharArray(), Map.of(
						"keystore.pkcs12.keyPbeIterationCount", "1", "keystore.pkcs12.certProtectionAlgorithm", "NONE",
						"keystore.pkcs12.macIterationCount", "1"));
				// One public certificate, nothing to keep secret: a store without password (no MAC, the certificate
				// in the clear) that the user service's JVM loads with no password and no key derivation.
				store(this.trustStore, certificates.trustStore(), null, Map.of());
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException("Cannot write the lab's certificates in " + dir + ": " + ex, ex);
			}
			return certificates;
		}

	}

	private static X509v3CertificateBuilder certificate(X500Name issuer, X500Name subject, KeyPair keys,
			SecureRandom random) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs().add(BigInteger.ONE),
				Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject,
				keys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
			throws OperatorCreationException, GeneralSecurityException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKeys.getPrivate())));
	}

	/**
	 * Writes a store with the JDK's PKCS12 settings given (system properties it reads as it writes), set for this
	 * write only.
	 */
	private static synchronized void store(KeyStore store, Path file, char[] password, Map<String, String> pkcs12)
			throws IOException, GeneralSecurityException {
		Map<String, String> before = new HashMap<>();
		pkcs12.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, password);
		}
		finally {
			before.forEach((key, value) -> {
				if (value == null) {
					System.clearProperty(key);
				}
				else {
					System.setProperty(key, value);
				}
			});
		}
	}

}
