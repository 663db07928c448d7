package io.netpoldemo.identity.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filters of this package, in every servlet app of the demo. They run first, before any filter that could read
 * a parameter or the {@code Accept} header.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
public final class RequestHardeningAutoConfiguration {

	@Bean
	FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter(Environment environment) {
		FilterRegistrationBean<MalformedRequestFilter> registration = new FilterRegistrationBean<>(
				new MalformedRequestFilter(environment.getProperty("server.error.path", "/error")));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RelativeActuatorLinks> relativeActuatorLinks(Environment environment) {
		FilterRegistrationBean<RelativeActuatorLinks> registration = new FilterRegistrationBean<>(
				new RelativeActuatorLinks(environment.getProperty("management.endpoints.web.base-path", "/actuator")));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
