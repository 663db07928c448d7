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
}
