package io.netpoldemo.user.board;

import java.util.Map;

import io.netpoldemo.user.check.CheckReport;

/**
 * What every browser watching the board receives after each round: the report exactly as {@code /check/all} shows
 * it, plus what the board adds.
 *
 * @param report the last round, or {@code null} before the first one finished
 * @param selectingPolicies the policies selecting the user pods
 * @param history per target name, its recent outcomes and when it last changed
 * @param intervalMs the time between rounds, so that the page knows when an update is overdue
 */
record BoardSnapshot(CheckReport report, SelectingPolicies selectingPolicies, Map<String, TargetHistory> history,
		long intervalMs) {
}
