package io.netpoldemo.user.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.netpoldemo.netpol.CallTarget;

/**
 * Something the user service calls to show whether the network lets it through.
 *
 * @param name the name used in {@code /check/{name}}
 * @param group the group ({@code peers}, {@code internet}, {@code cross-namespace})
 * @param kind how it is called
 * @param url what is called: {@code http(s)://host[:port]/path}, or {@code tcp://host:port} (or {@code host:port})
 * @param endpoint the URL parsed: what the prober calls and what the policy evaluator judges
 */
public record Target(String name, String group, Kind kind, String url, @JsonIgnore Endpoint endpoint) {

	/**
	 * A target, its URL parsed once here.
	 * @param name the name used in {@code /check/{name}}
	 * @param group the group
	 * @param kind how it is called
	 * @param url what is called
	 * @throws IllegalArgumentException when the URL is not usable, naming the target and what to fix
	 */
	public Target(String name, String group, Kind kind, String url) {
		this(name, group, kind, (url != null) ? url.strip() : null, Endpoint.of(name, kind, url));
	}

	/**
	 * The call as the NetworkPolicy evaluator sees it, derived from the same parse the prober calls.
	 * @return the host and port of the call, with the URL as written
	 */
	public CallTarget call() {
		return CallTarget.of(this.endpoint.host(), this.endpoint.port(), this.url);
	}

}
