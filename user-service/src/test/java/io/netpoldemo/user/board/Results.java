package io.netpoldemo.user.board;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.Agreement;
import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Outcome;
import io.netpoldemo.user.expectation.Expected;

/**
 * Check results and reports as the check service builds them, for the board's unit tests.
 */
final class Results {

	static final PodIdentity LOCAL = new PodIdentity("user-service", "test", null, null, null, "laptop");

	private Results() {
	}

	static CheckResult result(String target, Outcome outcome) {
		return new CheckResult(target, "peers", Kind.HTTP, "http://127.0.0.1:1/", outcome, null, 3, "127.0.0.1:1",
				"detail", outcome.hint(), Expected.UNKNOWN, "not running in Kubernetes: no policy information",
				Agreement.UNKNOWN);
	}

	static CheckReport report(Instant startedAt, CheckResult... results) {
		return new CheckReport(LOCAL, startedAt, 5, List.copyOf(Arrays.asList(results)));
	}

}
