package io.netpoldemo.user.cluster;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the manifest-backed expectations are used: only outside Kubernetes and only when files are named.
 */
class ManifestConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(PodIdentity.class, () -> new PodIdentity("user-service", "test", "user-app-0", "netpol-demo", null,
				"user-app-0"))
		.withUserConfiguration(ManifestConfiguration.class);

	@Test
	void readsTheNamedManifestsOutsideKubernetes() {
		this.runner.withPropertyValues("checks.expectations.manifests=/nonexistent/cluster.yaml,/nonexistent/policies")
			.run((context) -> {
				assertThat(context).hasSingleBean(ExpectationSource.class);
				assertThat(context.getBean(ExpectationSource.class)).isInstanceOf(PolicyExpectations.class);
				assertThat(context.getBean(ExpectationsProperties.class).manifests()).hasSize(2);
			});
	}

	@Test
	void staysOffWhenNoManifestIsNamed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ExpectationSource.class));
	}

	@Test
	void leavesKubernetesToTheApi() {
		this.runner
			.withPropertyValues("checks.expectations.manifests=/nonexistent/cluster.yaml",
					"spring.main.cloud-platform=kubernetes")
			.run((context) -> assertThat(context).doesNotHaveBean(ExpectationSource.class));
	}

}
