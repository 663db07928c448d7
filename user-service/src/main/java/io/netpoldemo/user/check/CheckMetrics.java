package io.netpoldemo.user.check;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A counter and a timer per target and outcome, so a dashboard shows when a target's outcome changed and how long
 * checks take ({@code checks_results_total}, {@code checks_latency_seconds} in Prometheus).
 */
final class CheckMetrics {

	private final MeterRegistry registry;

	CheckMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(Target target, Outcome outcome, Duration latency) {
		Tags tags = Tags.of("target", target.name(), "group", target.group(), "outcome", outcome.name());
		Counter.builder("checks.results")
			.description("Checks run, by target and outcome")
			.tags(tags)
			.register(this.registry)
			.increment();
		Timer.builder("checks.latency")
			.description("Time from name resolution to outcome, by target and outcome")
			.tags(tags)
			.register(this.registry)
			.record(latency);
	}

}
