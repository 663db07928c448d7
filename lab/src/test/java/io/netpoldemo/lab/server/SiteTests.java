package io.netpoldemo.lab.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiteTests {

	@Test
	void answersTheUserServiceGithubTargetWithOctocat() {
		Reply reply = Site.INTERNET.reply("api.github.com", "/users/octocat", "10.244.0.10");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.body()).contains("\"login\": \"octocat\"");
	}

	@Test
	void answersHttpbinIpWithTheCallersAddress() {
		Reply reply = Site.INTERNET.reply("httpbin.org", "/ip", "10.244.0.10");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).isEqualTo("{\"origin\": \"10.244.0.10\"}\n");
	}

	@Test
	void tellsTheInternetHostsApartByHostHeader() {
		assertThat(Site.INTERNET.reply("httpbin.org", "/users/octocat", "10.244.0.10").status()).isEqualTo(404);
		assertThat(Site.INTERNET.reply("api.github.com", "/ip", "10.244.0.10").status()).isEqualTo(404);
	}

	@Test
	void answersArgoCdOnTheRootPath() {
		assertThat(Site.ARGOCD.reply("argocd-server.argocd.svc.cluster.local", "/", "10.244.0.10").status())
			.isEqualTo(200);
	}

}
