package io.netpoldemo.user.board;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event streams end after {@code board.stream-timeout}, so that streams of browsers that vanished without a word are
 * cleaned up; a page that is still there reconnects on its own and keeps updating.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "board.stream-timeout=3s")
class BoardReconnectIntegrationTests extends OnePeerBoard {

	@Autowired
	private BoardStreams streams;

	@Test
	void reconnectsAfterTheStreamTimesOutAndLeavesNoStreamBehind() {
		ChromeDriver driver = chromium.driver();
		driver.get(board());
		BoardIntegrationTests.waitFor(driver, (d) -> "live".equals(BoardPage.linkState(d)));

		BoardIntegrationTests.waitFor(driver, (d) -> eventStreamsEnded(d) >= 2);
		String round = BoardPage.text(driver, "round");
		BoardIntegrationTests.waitFor(driver, (d) -> !round.equals(BoardPage.text(d, "round")));

		assertThat(BoardPage.linkState(driver)).isEqualTo("live");
		assertThat(BoardPage.outcomes(driver)).containsEntry("hello", "OK");
		// One page, one stream at most: the timed-out ones are gone (between two streams there is none).
		assertThat(this.streams.size()).isLessThanOrEqualTo(1);
		assertThat(BoardIntegrationTests.consoleProblems(driver)).isEmpty();
	}

	// The browser lists a resource once its response has ended: one entry per stream that timed out.
	private static long eventStreamsEnded(ChromeDriver driver) {
		return (Long) driver.executeScript("return performance.getEntriesByType('resource')"
				+ ".filter((entry) => entry.name.endsWith('/board/events')).length;");
	}

}
