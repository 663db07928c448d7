package io.netpoldemo.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Provides the {@link PodIdentity} of the running app and, in a web app, the {@code GET /} "who answered" route.
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class)
@EnableConfigurationProperties(WhoAnsweredProperties.class)
public final class PodIdentityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PodIdentity podIdentity(Environment environment, ObjectProvider<BuildProperties> buildProperties) {
		String service = environment.getProperty("spring.application.name", "application");
		BuildProperties build = buildProperties.getIfAvailable();
		String version = (build != null && build.getVersion() != null) ? build.getVersion() : "unknown";
		return PodIdentity.from(service, version, System.getenv());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(RouterFunction.class)
	@ConditionalOnBooleanProperty(name = "pod-identity.who-answered.enabled", matchIfMissing = true)
	static class WhoAnsweredConfiguration {

		@Bean
		RouterFunction<ServerResponse> whoAnsweredRoute(PodIdentity identity, WhoAnsweredProperties properties) {
			Map<String, Object> body = whoAnswered(identity, properties.message());
			return RouterFunctions.route().GET(properties.path(), (request) -> ServerResponse.ok().body(body)).build();
		}

		static Map<String, Object> whoAnswered(PodIdentity identity, String message) {
			Map<String, Object> body = new LinkedHashMap<>();
			if (message != null && !message.isBlank()) {
				body.put("message", message);
			}
			body.put("service", identity.service());
			body.put("version", identity.version());
			body.put("podName", identity.podName());
			body.put("namespace", identity.namespace());
			body.put("podIp", identity.podIp());
			body.put("hostname", identity.hostname());
			return body;
		}

	}

}
