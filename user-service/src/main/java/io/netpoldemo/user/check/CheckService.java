package io.netpoldemo.user.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;

/**
 * Runs rounds of checks: every target of a round in parallel on its own virtual thread, each with its own timeouts,
 * so a round takes about as long as its slowest check.
 * <p>
 * Concurrent requests for the same targets share the round in flight instead of starting their own: a hundred
 * clients polling {@code /check/all} open one set of outbound connections, not a hundred. The number of rounds in
 * flight is therefore bounded by the number of distinct target lists asked for.
 */
public class CheckService {

	static final String ENFORCEMENT_HINT = "A policy denies this, yet the traffic got through: "
			+ "the cluster's network plugin may not enforce NetworkPolicy.";

	/**
	 * How many finished rounds stay available by number: enough for a pipeline to fetch the round it just printed in
	 * a second format while the board and other clients start rounds of their own.
	 */
	public static final int KEPT_ROUNDS = 64;

	private static final String NAME_RESOLVED = "The name resolved: DNS works for this target from here.";

	private static final String NAME_RESOLUTION_ONLY = "name resolution only: policies decide on connections";

	private final Targets targets;

	private final Prober prober;

	private final ExpectationSource expectations;

	private final CheckMetrics metrics;

	private final PodIdentity identity;

	private final ConcurrentMap<RoundKey, CompletableFuture<CheckReport>> inFlight = new ConcurrentHashMap<>();

	private final AtomicLong joins = new AtomicLong();

	private final AtomicLong rounds = new AtomicLong();

	private final Map<Long, CheckReport> recent = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, CheckReport> eldest) {
			return size() > KEPT_ROUNDS;
		}

	};

	CheckService(Targets targets, Prober prober, ExpectationSource expectations, CheckMetrics metrics,
			PodIdentity identity) {
		this.targets = targets;
		this.prober = prober;
		this.expectations = expectations;
		this.metrics = metrics;
		this.identity = identity;
	}

	/**
	 * The configured targets: peers, cross-namespace, internet, then other groups, by name within each group.
	 * @return the targets
	 */
	public List<Target> targets() {
		return this.targets.all();
	}

	/**
	 * A configured target by name.
	 * @param name the name
	 * @return the target, empty when no target has that name
	 */
	public Optional<Target> target(String name) {
		return this.targets.named(name);
	}

	/**
	 * The groups of the configured targets, in the order of {@link #targets()}.
	 * @return the group names
	 */
	public List<String> groups() {
		return this.targets.groups();
	}

	/**
	 * The targets of one group.
	 * @param group the group name
	 * @return the targets, empty for an unknown group
	 */
	public List<Target> group(String group) {
		return this.targets.inGroup(group);
	}

	/**
	 * Checks the targets, or joins the identical round already in flight and returns its report.
	 * @param targets the targets, all of them configured ones
	 * @return the report, one result per target in the given order
	 */
	public CheckReport check(List<Target> targets) {
		return shared(new RoundKey(Mode.CONNECT, targets), this::probe);
	}

	/**
	 * Resolves the targets' host names only, or joins the identical round already in flight.
	 * @param targets the targets, all of them configured ones
	 * @return the report, one result per target in the given order
	 */
	public CheckReport resolve(List<Target> targets) {
		return shared(new RoundKey(Mode.RESOLVE, targets), this::resolveOnly);
	}

	/**
	 * A recent round by its number, so that a second format shows the very same results as the first.
	 * @param round the round's number, as {@link CheckReport#round()} gives it
	 * @return the report, empty when the round is unknown or no longer kept
	 */
	public Optional<CheckReport> round(long round) {
		synchronized (this.recent) {
			return Optional.ofNullable(this.recent.get(round));
		}
	}

	/**
	 * How many requests joined a round already in flight instead of starting one.
	 * @return the number of joins since startup
	 */
	long joins() {
		return this.joins.get();
	}

	private CheckReport shared(RoundKey key, Function<Target, CheckResult> check) {
		CompletableFuture<CheckReport> mine = new CompletableFuture<>();
		CompletableFuture<CheckReport> running = this.inFlight.putIfAbsent(key, mine);
		if (running != null) {
			this.joins.incrementAndGet();
			return running.join();
		}
		try {
			CheckReport report = round(key.targets(), check);
			mine.complete(report);
			return report;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

	private CheckReport round(List<Target> targets, Function<Target, CheckResult> check) {
		try {
			this.expectations.roundStarting();
		}
		catch (RuntimeException ex) {
			// As in expectation(Target): each result will say what is wrong with the policy information.
		}
		Instant startedAt = Instant.now();
		long start = System.nanoTime();
		List<CheckResult> results = new ArrayList<>(targets.size());
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<CheckResult>> futures = targets.stream()
				.map((target) -> executor.submit(() -> check.apply(target)))
				.toList();
			for (Future<CheckResult> future : futures) {
				results.add(future.get());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while checking", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("a check failed unexpectedly", ex.getCause());
		}
		CheckReport report = new CheckReport(this.rounds.incrementAndGet(), this.identity, startedAt,
				Duration.ofNanos(System.nanoTime() - start).toMillis(), List.copyOf(results));
		synchronized (this.recent) {
			this.recent.put(report.round(), report);
		}
		return report;
	}

	private CheckResult probe(Target target) {
		Endpoint endpoint = this.targets.endpoint(target);
		long start = System.nanoTime();
		ProbeResult probe = this.prober.probe(target.kind(), endpoint, this.targets.headers(target));
		Duration latency = Duration.ofNanos(System.nanoTime() - start);
		this.metrics.record(target, probe.outcome(), latency);
		CheckResult result = result(target, probe, latency, expectation(target));
		this.metrics.agreement(result);
		return result;
	}

	private CheckResult resolveOnly(Target target) {
		long start = System.nanoTime();
		ProbeResult probe = this.prober.resolve(this.targets.endpoint(target));
		Duration latency = Duration.ofNanos(System.nanoTime() - start);
		CheckResult result = result(target, probe, latency, Expectation.unknown(NAME_RESOLUTION_ONLY));
		if (result.outcome() != Outcome.OK) {
			return result;
		}
		return new CheckResult(result.target(), result.group(), result.kind(), result.url(), result.outcome(),
				result.status(), result.latencyMs(), result.address(), result.detail(), NAME_RESOLVED, result.expected(),
				result.policy(), result.agreement());
	}

	private Expectation expectation(Target target) {
		try {
			Expectation expectation = this.expectations.expect(target.call());
			return (expectation != null) ? expectation : Expectation.unknown("no expectation for this target");
		}
		catch (RuntimeException ex) {
			// Policy information is a bonus: a broken source must never break the checks themselves.
			return Expectation.unknown("policy information unavailable: " + ex.getMessage());
		}
	}

	static CheckResult result(Target target, ProbeResult probe, Duration latency, Expectation expectation) {
		Agreement agreement = Agreement.of(expectation.expected(), probe.outcome());
		String hint = Agreement.notEnforced(expectation.expected(), probe.outcome()) ? ENFORCEMENT_HINT
				: probe.outcome().hint();
		return new CheckResult(target.name(), target.group(), target.kind(), target.url(), probe.outcome(),
				probe.status(), latency.toMillis(), probe.address(), probe.detail(), hint, expectation.expected(),
				expectation.policy(), agreement);
	}

	private enum Mode {

		CONNECT, RESOLVE

	}

	private record RoundKey(Mode mode, List<Target> targets) {
	}

}
