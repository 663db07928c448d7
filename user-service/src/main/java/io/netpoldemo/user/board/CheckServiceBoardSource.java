package io.netpoldemo.user.board;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.CheckService;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Expected;

/**
 * The board's rounds are the check service's shared rounds over every target, the same ones {@code /check/all}
 * joins, so the board adds no probe of its own while someone also polls the API.
 */
final class CheckServiceBoardSource implements BoardSource {

	private static final String UNKNOWN = "no policy information";

	private final CheckService checks;

	private final ExpectationSource expectations;

	CheckServiceBoardSource(CheckService checks, ExpectationSource expectations) {
		this.checks = checks;
		this.expectations = expectations;
	}

	@Override
	public CheckReport round() {
		return this.checks.check(this.checks.targets());
	}

	@Override
	public SelectingPolicies selectingPolicies(CheckReport report) {
		Optional<List<String>> names;
		try {
			names = this.expectations.selectingPolicies();
		}
		catch (RuntimeException ex) {
			return SelectingPolicies.unknown("policy information unavailable: " + ex.getMessage());
		}
		if (names.isPresent()) {
			return SelectingPolicies.of(names.get());
		}
		// The checks' own expectations say why the policies are not known.
		return SelectingPolicies.unknown(report.results()
			.stream()
			.filter((result) -> result.expected() == Expected.UNKNOWN)
			.map(CheckResult::policy)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(UNKNOWN));
	}

}
