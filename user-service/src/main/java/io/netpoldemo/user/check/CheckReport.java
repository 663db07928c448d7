package io.netpoldemo.user.check;

import java.time.Instant;
import java.util.List;

import io.netpoldemo.identity.PodIdentity;

/**
 * One round of checks.
 *
 * @param round the round's number, by which {@code ?round=} renders the very same round in another format
 * ({@code 0}: a report that is not kept)
 * @param source who ran the checks
 * @param startedAt when the round started
 * @param durationMs how long the whole round took
 * @param results one result per target, in the order the targets were asked for
 * @param summary what the round says as a whole
 */
public record CheckReport(long round, PodIdentity source, Instant startedAt, long durationMs, List<CheckResult> results,
		Summary summary) {

	/**
	 * A report with its summary.
	 * @param round the round's number
	 * @param source who ran the checks
	 * @param startedAt when the round started
	 * @param durationMs how long the whole round took
	 * @param results the results
	 */
	public CheckReport(long round, PodIdentity source, Instant startedAt, long durationMs, List<CheckResult> results) {
		this(round, source, startedAt, durationMs, results, Summary.of(results));
	}

	/**
	 * A report that is not kept as a round.
	 * @param source who ran the checks
	 * @param startedAt when the round started
	 * @param durationMs how long the whole round took
	 * @param results the results
	 */
	public CheckReport(PodIdentity source, Instant startedAt, long durationMs, List<CheckResult> results) {
		this(0, source, startedAt, durationMs, results);
	}

}
