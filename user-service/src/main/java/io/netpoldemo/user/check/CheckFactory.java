package io.netpoldemo.user.check;

import java.util.List;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.ExpectationSource;

/**
 * Builds every {@link CheckService}: the one over the configured targets and one per set of discovered targets. All
 * share one prober (timeouts, DNS settings), the expectations, the meters and the pod's identity, so a discovered
 * check differs from a configured one by its targets alone.
 *
 * @param properties the configured targets, timeouts and token
 * @param prober how every target is called
 * @param expectations what the policies say about each call
 * @param metrics the meters every check records to
 * @param identity the pod the checks run from, named in every report
 */
record CheckFactory(ChecksProperties properties, Prober prober, ExpectationSource expectations, CheckMetrics metrics,
		PodIdentity identity) {

	/**
	 * The checks of the configured targets ({@code checks.targets}), with the token for those that get it.
	 * @return the service
	 * @throws IllegalArgumentException when a configured target is not usable, saying which and why
	 */
	CheckService configured() {
		return over(new Targets(this.properties));
	}

	/**
	 * The checks of targets found at run time; no token is sent.
	 * @param targets the discovered targets, with distinct names
	 * @return the service
	 */
	CheckService discovered(List<Target> targets) {
		return over(new Targets(targets));
	}

	private CheckService over(Targets targets) {
		return new CheckService(targets, this.prober, this.expectations, this.metrics, this.identity);
	}

}
