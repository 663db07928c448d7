package io.netpoldemo.user.check;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks of targets found at run time rather than configured: the Services that in-cluster discovery lists
 * ({@code io.netpoldemo.user.cluster}). They come from the cluster's own API, never from a request, so the service
 * still cannot be used as an open proxy. Each round goes through a {@link CheckService} over exactly those targets,
 * built by the same {@link CheckFactory} as the configured ones: same prober, timeouts, DNS settings, outcome classes,
 * metrics and expectations; no token is sent.
 */
public final class DiscoveredChecks {

	private final CheckFactory factory;

	/**
	 * The service over the targets discovered last: discovery lists the same Services until the cluster changes, and
	 * keeping the service lets concurrent identical requests share its round in flight, as {@code /check/all} does.
	 */
	private final AtomicReference<Rounds> last = new AtomicReference<>();

	DiscoveredChecks(CheckFactory factory) {
		this.factory = factory;
	}

	/**
	 * Checks the targets, all in parallel as a configured round is, or joins the round in flight for the same targets.
	 * @param targets the discovered targets, with distinct names
	 * @return the report, one result per target, ordered as reports of configured targets are (by group, then name)
	 */
	public CheckReport check(List<Target> targets) {
		Rounds rounds = this.last.get();
		if (rounds == null || !rounds.targets().equals(targets)) {
			rounds = new Rounds(List.copyOf(targets), this.factory.discovered(targets));
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

	private record Rounds(List<Target> targets, CheckService service) {
	}

}
