package io.netpoldemo.user.check;

import java.time.Instant;
import java.util.List;

import io.netpoldemo.identity.PodIdentity;

/**
 * One round of checks.
 *
 * @param source who ran the checks
 * @param startedAt when the round started
 * @param durationMs how long the whole round took
 * @param results one result per target, in the order the targets were asked for
 */
public record CheckReport(PodIdentity source, Instant startedAt, long durationMs, List<CheckResult> results) {
}
