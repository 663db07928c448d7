package io.netpoldemo.auth.authenticate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's authentication.
 *
 * @param demoToken the bearer token {@code /authenticate} accepts; set {@code AUTH_DEMO_TOKEN} in any real deployment
 */
@ConfigurationProperties("auth")
record AuthProperties(@DefaultValue("local-demo-token") String demoToken) {

	AuthProperties {
		// An empty token would let 'Authorization: Bearer ' through: refuse to start instead.
		if (demoToken == null || demoToken.isBlank()) {
			throw new IllegalArgumentException("auth.demo-token is empty: set AUTH_DEMO_TOKEN to a non-empty value, "
					+ "or leave it unset for the local default");
		}
	}

}
