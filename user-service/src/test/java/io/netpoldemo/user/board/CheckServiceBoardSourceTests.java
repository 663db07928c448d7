package io.netpoldemo.user.board;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.Outcome;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import org.junit.jupiter.api.Test;

import static io.netpoldemo.user.board.Results.report;
import static io.netpoldemo.user.board.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

class CheckServiceBoardSourceTests {

	private static final CheckReport REPORT = report(Instant.parse("2026-01-01T10:00:00Z"),
			result("auth", Outcome.OK));

	@Test
	void namesThePoliciesThatSelectTheUserPods() {
		SelectingPolicies policies = source(() -> Optional.of(List.of("user-default-deny", "user-allow-dns")))
			.selectingPolicies(REPORT);

		assertThat(policies).isEqualTo(new SelectingPolicies(true, List.of("user-default-deny", "user-allow-dns"), null));
	}

	@Test
	void takesTheReasonFromTheChecksWhenThePoliciesAreNotKnown() {
		SelectingPolicies policies = source(Optional::empty).selectingPolicies(REPORT);

		assertThat(policies.known()).isFalse();
		assertThat(policies.reason()).isEqualTo("not running in Kubernetes: no policy information");
	}

	@Test
	void saysNoneWhenThePoliciesAreKnownAndNoneSelectsTheUserPods() {
		assertThat(source(() -> Optional.of(List.of())).selectingPolicies(REPORT))
			.isEqualTo(new SelectingPolicies(true, List.of(), null));
	}

	@Test
	void saysWhyWhenThePolicySourceFails() {
		SelectingPolicies policies = source(() -> {
			throw new IllegalStateException("networkpolicies is forbidden for the service account");
		}).selectingPolicies(REPORT);

		assertThat(policies.known()).isFalse();
		assertThat(policies.reason()).contains("networkpolicies is forbidden");
	}

	// Only the policy side is exercised here; the rounds are the check service's and are tested with it.
	private static CheckServiceBoardSource source(Supplier<Optional<List<String>>> selecting) {
		return new CheckServiceBoardSource(null, new ExpectationSource() {

			@Override
			public Expectation expect(CallTarget call) {
				return Expectation.unknown("unused");
			}

			@Override
			public Optional<List<String>> selectingPolicies() {
				return selecting.get();
			}

		});
	}

}
