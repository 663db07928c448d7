package io.netpoldemo.user.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EndpointTests {

	@Test
	void defaultsThePortFromTheScheme() {
		assertThat(Endpoint.of("github", Kind.HTTP, "https://api.github.com/users/octocat"))
			.isEqualTo(new Endpoint(true, "api.github.com", 443, "/users/octocat"));
		assertThat(Endpoint.of("argocd", Kind.HTTP, "http://argocd-server.argocd.svc.cluster.local"))
			.isEqualTo(new Endpoint(false, "argocd-server.argocd.svc.cluster.local", 80, "/"));
	}

	@Test
	void keepsTheQueryAndLeavesTheDefaultPortOutOfTheHostHeader() {
		Endpoint endpoint = Endpoint.of("x", Kind.HTTP, "http://hello:8889/path?a=1");
		assertThat(endpoint.path()).isEqualTo("/path?a=1");
		assertThat(endpoint.authority()).isEqualTo("hello:8889");
		assertThat(Endpoint.of("x", Kind.HTTP, "https://h/").authority()).isEqualTo("h");
	}

	@Test
	void acceptsTcpTargetsWithOrWithoutScheme() {
		assertThat(Endpoint.of("kube-dns", Kind.TCP, "kube-dns.kube-system.svc.cluster.local:53"))
			.isEqualTo(new Endpoint(false, "kube-dns.kube-system.svc.cluster.local", 53, "/"));
		assertThat(Endpoint.of("kube-dns", Kind.TCP, "tcp://10.96.0.10:53").host()).isEqualTo("10.96.0.10");
	}

	@Test
	void namesThePropertyAndTheFixForAnUnusableUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.of("auth", Kind.HTTP, "ftp://auth/"))
			.withMessageContaining("checks.targets.auth.url")
			.withMessageContaining("http:// or https://");
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.of("kube-dns", Kind.TCP, "kube-dns"))
			.withMessageContaining("tcp://host:port");
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.of("hello", Kind.HTTP, " "))
			.withMessageContaining("empty");
	}

}
