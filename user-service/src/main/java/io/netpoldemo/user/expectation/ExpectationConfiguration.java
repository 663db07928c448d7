package io.netpoldemo.user.expectation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Outside Kubernetes there are no policies to read; the in-cluster source replaces this one. An auto-configuration
 * (listed in {@code AutoConfiguration.imports}) so that the condition is evaluated after every application bean.
 */
@AutoConfiguration
public final class ExpectationConfiguration {

	static final String NO_POLICY_INFORMATION = "not running in Kubernetes: no policy information";

	@Bean
	@ConditionalOnMissingBean(ExpectationSource.class)
	ExpectationSource unknownExpectations() {
		return (target) -> Expectation.unknown(NO_POLICY_INFORMATION);
	}

}
