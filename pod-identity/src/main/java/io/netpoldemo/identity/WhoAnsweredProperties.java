package io.netpoldemo.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The "who answered" route shared by the demo's services.
 *
 * @param enabled whether to serve the route (the user service keeps {@code /} for its board)
 * @param path the path of the route
 * @param message an optional greeting put first in the answer (the helloworld service says hello)
 */
@ConfigurationProperties("pod-identity.who-answered")
record WhoAnsweredProperties(@DefaultValue("true") boolean enabled, @DefaultValue("/") String path, String message) {
}
