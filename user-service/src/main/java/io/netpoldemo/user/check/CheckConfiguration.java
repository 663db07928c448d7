package io.netpoldemo.user.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The check pipeline: targets, then probes, then outcomes, expectations and reports; configured and discovered
 * targets are checked by services from one {@link CheckFactory}, so they share one prober and one set of meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChecksProperties.class)
class CheckConfiguration {

	@Bean
	Prober prober(ChecksProperties properties) {
		return new Prober(new NameResolver(properties.dns(), properties.timeouts().dns()), properties.timeouts());
	}

	@Bean
	CheckMetrics checkMetrics(MeterRegistry registry) {
		return new CheckMetrics(registry);
	}

	@Bean
	CheckFactory checkFactory(ChecksProperties properties, Prober prober, ExpectationSource expectations,
			CheckMetrics metrics, PodIdentity identity) {
		return new CheckFactory(properties, prober, expectations, metrics, identity);
	}

	@Bean
	CheckService checkService(CheckFactory factory) {
		return factory.configured();
	}

	@Bean
	DiscoveredChecks discoveredChecks(CheckFactory factory) {
		return new DiscoveredChecks(factory);
	}

}
