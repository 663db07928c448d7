package io.netpoldemo.user.cluster;

import java.util.List;

import io.netpoldemo.user.check.Target;

/**
 * The Services this pod can see through Spring Cloud Kubernetes' discovery client, as check targets
 * ({@code GET /check/services}).
 */
public interface ServiceDiscovery {

	/**
	 * What discovery finds now.
	 * @return the targets, or why discovery is off
	 */
	Discovery discover();

	/**
	 * The outcome of one discovery.
	 *
	 * @param off why discovery is off, {@code null} when it is on
	 * @param targets one target per discovered Service and port, sorted by name; empty when off
	 */
	record Discovery(String off, List<Target> targets) {

		public Discovery {
			targets = List.copyOf(targets);
		}

		static Discovery off(String reason) {
			return new Discovery(reason, List.of());
		}

		/**
		 * Whether discovery ran.
		 * @return {@code true} inside Kubernetes with discovery enabled
		 */
		public boolean on() {
			return this.off == null;
		}

	}

}
