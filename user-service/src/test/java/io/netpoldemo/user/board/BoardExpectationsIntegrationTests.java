package io.netpoldemo.user.board;

import java.util.List;
import java.util.Optional;

import io.netpoldemo.netpol.CallTarget;
import io.netpoldemo.user.board.BoardPage.Tile;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected versus observed on the page, with policies standing in for the cluster's: hello is "denied" yet answers,
 * which is what a network plugin that does not enforce NetworkPolicy looks like.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BoardExpectationsIntegrationTests extends OnePeerBoard {

	private static final String DENY_REASON = "user-default-deny: egress isolated and no rule allows it";

	@Test
	void marksTrafficThatGetsThroughADenyingPolicyAndNamesTheSelectingPolicies() {
		ChromeDriver driver = chromium.driver();
		driver.get(board());

		BoardIntegrationTests.waitFor(driver, (d) -> "OK".equals(BoardPage.outcomes(d).get("hello")));
		Tile hello = BoardPage.tile(driver, "hello");
		assertThat(hello.mismatch()).isTrue();
		assertThat(hello.text()).contains("Policy expects DENIED", "MISMATCH", DENY_REASON);
		assertThat(hello.hint()).contains("network plugin");
		Tile auth = BoardPage.tile(driver, "auth");
		assertThat(auth.mismatch()).isFalse();
		assertThat(auth.text()).contains("Policy expects ALLOWED", "MATCH").doesNotContain("MISMATCH");
		assertThat(BoardPage.text(driver, "policies")).isEqualTo("user-default-deny, user-allow-peers");
		// Inferred from the round, so it shows on a real cluster too.
		assertThat(driver.executeScript("return document.getElementById('enforcement').hidden;")).isEqualTo(false);
		assertThat(BoardPage.text(driver, "enforcement"))
			.startsWith("The network plugin does not seem to enforce NetworkPolicy: the policies deny hello, yet it was reached");
		assertThat(BoardIntegrationTests.consoleProblems(driver)).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Policies {

		@Bean
		ExpectationSource policies() {
			return new ExpectationSource() {

				@Override
				public Expectation expect(CallTarget call) {
					// hello is the one target called on the peer's root.
					return (peer.baseUrl() + "/").equals(call.text()) ? new Expectation(Expected.DENIED, DENY_REASON)
							: new Expectation(Expected.ALLOWED, "user-allow-peers: egress rule 0 allows every peer");
				}

				@Override
				public Optional<List<String>> selectingPolicies() {
					return Optional.of(List.of("user-default-deny", "user-allow-peers"));
				}

			};
		}

	}

}
