package io.netpoldemo.user.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResolverSettingsTests {

	@TempDir
	Path dir;

	@Test
	void readsNameserversSearchDomainsAndNdotsFromResolvConf() throws IOException {
		ResolverSettings settings = ResolverSettings.of(dns(List.of(), """
				# written by the kubelet
				search demo.svc.cluster.local svc.cluster.local cluster.local
				nameserver 10.96.0.10
				options ndots:5 timeout:1
				"""));
		assertThat(settings).isEqualTo(new ResolverSettings(List.of("10.96.0.10"),
				List.of("demo.svc.cluster.local", "svc.cluster.local", "cluster.local"), 5));
	}

	@Test
	void configuredServersWinOverResolvConf() throws IOException {
		ResolverSettings settings = ResolverSettings.of(dns(List.of("127.0.0.1:5353"), "nameserver 10.96.0.10\n"));
		assertThat(settings.servers()).containsExactly("127.0.0.1:5353");
	}

	@Test
	void triesSearchDomainsFirstForNamesWithFewerDotsThanNdots() {
		ResolverSettings settings = new ResolverSettings(List.of("x"), List.of("demo.svc.cluster.local", "cluster.local"), 5);
		assertThat(settings.candidates("auth-app-service")).containsExactly(
				"auth-app-service.demo.svc.cluster.local", "auth-app-service.cluster.local", "auth-app-service");
		assertThat(settings.candidates("kube-dns.kube-system.svc.cluster.local")).last()
			.isEqualTo("kube-dns.kube-system.svc.cluster.local");
	}

	@Test
	void triesTheNameAsWrittenFirstWhenItHasEnoughDots() {
		ResolverSettings settings = new ResolverSettings(List.of("x"), List.of("demo.svc.cluster.local"), 1);
		assertThat(settings.candidates("api.github.com")).containsExactly("api.github.com",
				"api.github.com.demo.svc.cluster.local");
	}

	@Test
	void aTrailingDotMeansTheNameIsComplete() {
		ResolverSettings settings = new ResolverSettings(List.of("x"), List.of("demo.svc.cluster.local"), 5);
		assertThat(settings.candidates("api.github.com.")).containsExactly("api.github.com");
	}

	private ChecksProperties.Dns dns(List<String> servers, String resolvConf) throws IOException {
		Path file = Files.writeString(this.dir.resolve("resolv.conf"), resolvConf);
		return new ChecksProperties.Dns(servers, List.of(), null, file, this.dir.resolve("hosts"));
	}

}
