package io.netpoldemo.user.check;

import io.netpoldemo.user.expectation.Expected;

/**
 * The result of one check, as the JSON report and the text table show it.
 *
 * @param target the target name
 * @param group the target group
 * @param kind how it was called
 * @param url what was called
 * @param outcome what happened
 * @param status the HTTP status, or {@code null} when there was none
 * @param latencyMs time from the start of name resolution to the outcome
 * @param address the resolved {@code ip:port} that was called, or {@code null} when the name did not resolve
 * @param detail what exactly happened, in the words of the failing step
 * @param hint what the outcome usually means, or why it disagrees with the policy
 * @param expected what the NetworkPolicies say should happen
 * @param policy the short reason for {@code expected}
 * @param agreement whether the outcome matches {@code expected}
 */
public record CheckResult(String target, String group, Kind kind, String url, Outcome outcome, Integer status,
		long latencyMs, String address, String detail, String hint, Expected expected, String policy,
		Agreement agreement) {
}
