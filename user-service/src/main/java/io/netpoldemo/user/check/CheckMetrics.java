package io.netpoldemo.user.check;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A counter and a timer per target and outcome, so a dashboard shows when a target's outcome changed and how long
 * checks take ({@code checks_results_total}, {@code checks_latency_seconds} in Prometheus), and a gauge per target
 * saying whether its last result agrees with the policies ({@code checks_agreement}: 1 match, 0 mismatch, NaN
 * unknown), labelled with what was expected and observed, which is what an alert on a non-enforcing network plugin
 * looks for.
 */
final class CheckMetrics {

	private final MeterRegistry registry;

	/** Per target, its agreement gauge: replaced when the expected or observed label changes, never duplicated. */
	private final Map<String, AgreementGauge> agreements = new ConcurrentHashMap<>();

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

	void agreement(CheckResult result) {
		double value = switch (result.agreement()) {
			case MATCH -> 1;
			case MISMATCH -> 0;
			case UNKNOWN -> Double.NaN;
		};
		Tags tags = Tags.of("target", result.target(), "group", result.group(), "expected", result.expected().name(),
				"observed", result.outcome().name());
		this.agreements.compute(result.target(), (name, gauge) -> {
			if (gauge != null && gauge.tags().equals(tags)) {
				gauge.value().set(value);
				return gauge;
			}
			if (gauge != null) {
				// A series per label set would leave the old expectation reporting its last value for ever.
				this.registry.remove(gauge.meter());
			}
			AtomicReference<Double> holder = new AtomicReference<>(value);
			Meter meter = Gauge.builder("checks.agreement", holder, AtomicReference::get)
				.description("Whether the target's last result agrees with the NetworkPolicies: 1 match, 0 mismatch, "
						+ "NaN unknown")
				.tags(tags)
				.register(this.registry);
			return new AgreementGauge(tags, holder, meter);
		});
	}

	private record AgreementGauge(Tags tags, AtomicReference<Double> value, Meter meter) {
	}

}
