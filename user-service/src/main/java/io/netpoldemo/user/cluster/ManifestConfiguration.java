package io.netpoldemo.user.cluster;

import java.util.List;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Outside Kubernetes, when {@code checks.expectations.manifests} names files: the NetworkPolicy verdicts from those
 * manifests, as the lab writes them. Inside Kubernetes {@link ClusterConfiguration} reads the API instead, which is
 * what is in force there.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ManifestConfiguration.ManifestsOutsideKubernetes.class)
@EnableConfigurationProperties(ExpectationsProperties.class)
class ManifestConfiguration {

	static final String PROPERTY = "checks.expectations.manifests";

	@Bean
	ExpectationSource manifestExpectations(ExpectationsProperties properties, PodIdentity identity) {
		return new PolicyExpectations(new ManifestState(properties.manifests(), properties.recheck()), identity);
	}

	/** Matches when the property names at least one path and the application does not run in Kubernetes. */
	static final class ManifestsOutsideKubernetes extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (CloudPlatform.KUBERNETES.isActive(context.getEnvironment())) {
				return ConditionOutcome.noMatch("in Kubernetes the API says what is in force, not " + PROPERTY);
			}
			List<String> paths = Binder.get(context.getEnvironment())
				.bind(PROPERTY, Bindable.listOf(String.class))
				.orElse(List.of());
			return paths.stream().anyMatch((path) -> !path.isBlank()) ? ConditionOutcome.match(PROPERTY + " is set")
					: ConditionOutcome.noMatch(PROPERTY + " is not set");
		}

	}

}
