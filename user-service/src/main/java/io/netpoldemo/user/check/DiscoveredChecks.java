package io.netpoldemo.user.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

/**
 * Checks of targets found at run time rather than configured: the Services that in-cluster discovery lists
 * ({@code io.netpoldemo.user.cluster}). They come from the cluster's own API, never from a request, so the service
 * still cannot be used as an open proxy. Each round goes through a {@link CheckService} over exactly those targets:
 * same prober, timeouts, DNS settings, outcome classes, metrics and expectations as the configured ones; no token is
 * sent.
 */
public final class DiscoveredChecks {

	private final ChecksProperties properties;

	private final Prober prober;

	private final ExpectationSource expectations;

	private final CheckMetrics metrics;

	private final PodIdentity identity;

	/**
	 * The service over the targets discovered last: discovery lists the same Services until the cluster changes, and
	 * keeping the service lets concurrent identical requests share its round in flight, as {@code /check/all} does.
	 */
	private final AtomicReference<Rounds> last = new AtomicReference<>();

	DiscoveredChecks(ChecksProperties properties, Prober prober, ExpectationSource expectations, CheckMetrics metrics,
			PodIdentity identity) {
		this.properties = properties;
		this.prober = prober;
		this.expectations = expectations;
		this.metrics = metrics;
		this.identity = identity;
	}

	/**
	 * Checks the targets, all in parallel as a configured round is, or joins the round in flight for the same targets.
	 * @param targets the discovered targets, with distinct names
	 * @return the report, one result per target, ordered as reports of configured targets are (by group, then name)
	 * @throws IllegalArgumentException when a target's URL is not usable
	 */
	public CheckReport check(List<Target> targets) {
		Rounds rounds = this.last.get();
		if (rounds == null || !rounds.targets().equals(targets)) {
			rounds = new Rounds(List.copyOf(targets), service(targets));
			this.last.set(rounds);
		}
		CheckService service = rounds.service();
		return service.check(service.targets());
	}

	/**
	 * How many requests joined a round already in flight, for the current targets.
	 * @return the number of joins
	 */
	long joins() {
		Rounds rounds = this.last.get();
		return (rounds != null) ? rounds.service().joins() : 0;
	}

	private CheckService service(List<Target> targets) {
		Map<String, ChecksProperties.TargetProperties> byName = new LinkedHashMap<>();
		targets.forEach((target) -> byName.put(target.name(),
				new ChecksProperties.TargetProperties(target.group(), target.kind(), target.url())));
		ChecksProperties discovered = new ChecksProperties(byName, this.properties.timeouts(), this.properties.dns(),
				new ChecksProperties.Token(this.properties.token().value(), List.of()));
		return new CheckService(new Targets(discovered), this.prober, this.expectations, this.metrics, this.identity);
	}

	private record Rounds(List<Target> targets, CheckService service) {
	}

}
