package io.netpoldemo.user.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The check pipeline: targets, then probes, then outcomes, expectations and reports; configured and discovered
 * targets share one prober and one set of meters.
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
	CheckService checkService(ChecksProperties properties, Prober prober, ExpectationSource expectations,
			CheckMetrics metrics, PodIdentity identity) {
		return new CheckService(new Targets(properties), prober, expectations, metrics, identity);
	}

	@Bean
	DiscoveredChecks discoveredChecks(ChecksProperties properties, Prober prober, ExpectationSource expectations,
			CheckMetrics metrics, PodIdentity identity) {
		return new DiscoveredChecks(properties, prober, expectations, metrics, identity);
	}

}
