package io.netpoldemo.user.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the user service checks, and how patiently.
 *
 * @param targets the targets by name
 * @param timeouts the timeouts of every check
 * @param dns where and how names are resolved
 * @param token the bearer token sent to the auth service
 */
@ConfigurationProperties("checks")
public record ChecksProperties(Map<String, TargetProperties> targets, @DefaultValue Timeouts timeouts,
		@DefaultValue Dns dns, @DefaultValue Token token) {

	public ChecksProperties {
		targets = (targets != null) ? new LinkedHashMap<>(targets) : new LinkedHashMap<>();
	}

	/**
	 * One target.
	 *
	 * @param group the group it is shown in and checked with ({@code /check/{group}})
	 * @param kind {@code http} (GET the URL) or {@code tcp} (connect only)
	 * @param url {@code http(s)://host[:port]/path}; for tcp {@code tcp://host:port} or {@code host:port}
	 */
	public record TargetProperties(@DefaultValue("other") String group, @DefaultValue("http") Kind kind, String url) {
	}

	/**
	 * Timeouts, each per check.
	 *
	 * @param connect how long a TCP connect may take before the packets count as dropped
	 * @param request how long the TLS handshake and the response's status line may take once connected
	 * @param dns how long name resolution may take in all, over every search domain
	 */
	public record Timeouts(@DefaultValue("2s") Duration connect, @DefaultValue("5s") Duration request,
			@DefaultValue("2s") Duration dns) {

		public Timeouts {
			requirePositive("connect", connect);
			requirePositive("request", request);
			requirePositive("dns", dns);
		}

		// The sockets take whole milliseconds and read 0 as "no timeout": a check into dropped packets would wait for
		// the kernel (minutes), or for ever on a TLS handshake, instead of reporting TIMEOUT.
		private static void requirePositive(String name, Duration timeout) {
			if (timeout != null && timeout.toMillis() < 1) {
				throw new IllegalArgumentException("checks.timeouts." + name + " is " + timeout.toMillis()
						+ " ms; use at least 1 ms, such as 2s (application.yaml or CHECKS_TIMEOUTS_"
						+ name.toUpperCase(Locale.ROOT) + ")");
			}
		}

	}

	/**
	 * Name resolution. Empty values mean: as the system's resolv.conf says.
	 *
	 * @param servers DNS servers as {@code host} or {@code host:port}; empty: the resolv.conf nameservers
	 * @param search search domains; empty: the resolv.conf search list
	 * @param ndots names with fewer dots are tried with the search domains first; empty: resolv.conf, else 1
	 * @param resolvConf the resolver configuration file read when the values above are empty
	 * @param hostsFile the hosts file consulted before DNS, as the system resolver does
	 */
	public record Dns(@DefaultValue List<String> servers, @DefaultValue List<String> search, Integer ndots,
			@DefaultValue("/etc/resolv.conf") Path resolvConf, @DefaultValue("/etc/hosts") Path hostsFile) {
	}

	/**
	 * The demo bearer token.
	 *
	 * @param value the token, shared with the auth service through {@code AUTH_DEMO_TOKEN}
	 * @param targets the names of the targets it is sent to
	 */
	public record Token(@DefaultValue("local-demo-token") String value, @DefaultValue("auth") List<String> targets) {
	}

}
