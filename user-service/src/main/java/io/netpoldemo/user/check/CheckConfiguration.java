package io.netpoldemo.user.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The check pipeline: targets, then probes, then outcomes, expectations and reports.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChecksProperties.class)
class CheckConfiguration {

	@Bean
	CheckService checkService(ChecksProperties properties, ExpectationSource expectations, MeterRegistry registry,
			PodIdentity identity) {
		Prober prober = new Prober(new NameResolver(properties.dns(), properties.timeouts().dns()),
				properties.timeouts());
		return new CheckService(new Targets(properties), prober, expectations, new CheckMetrics(registry), identity);
	}

}
