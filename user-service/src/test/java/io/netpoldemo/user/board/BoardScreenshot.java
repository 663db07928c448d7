package io.netpoldemo.user.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.netpoldemo.user.board.BoardPage.Tile;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's picture of the board from a running user service ({@code make screenshot}): waits until every
 * tile shows an outcome and the history strips have a few rounds, then captures the whole page.
 * <p>
 * Arguments: the board URL, the PNG to write, and optionally the window width, the number of rounds to wait for,
 * and the PID file of a peer to stop once the board is up, so that the picture shows a tile turning and its history.
 */
public final class BoardScreenshot {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private BoardScreenshot() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: BoardScreenshot URL OUTPUT.png [WIDTH] [ROUNDS]");
			System.exit(2);
		}
		String missing = HeadlessChromium.missing();
		if (missing != null) {
			System.err.println(missing);
			System.exit(1);
		}
		String url = args[0];
		Path output = Path.of(args[1]).toAbsolutePath();
		int width = (args.length > 2) ? Integer.parseInt(args[2]) : 1440;
		int rounds = (args.length > 3) ? Integer.parseInt(args[3]) : 5;
		try (HeadlessChromium chromium = HeadlessChromium.start(width, 900)) {
			ChromeDriver driver = chromium.driver();
			driver.get(url);
			new WebDriverWait(driver, WAIT, Duration.ofMillis(250)).ignoring(RuntimeException.class)
				.withMessage(() -> "the board at " + url + " showed no complete round with " + rounds
						+ " rounds of history within " + WAIT.toSeconds() + " s (a jar built before the board has no"
						+ " page at /: make build, then make stop run)")
				.until((d) -> ready(driver, rounds));
			if (args.length > 4) {
				Map<String, String> before = BoardPage.outcomes(driver);
				stop(Path.of(args[4]));
				new WebDriverWait(driver, WAIT, Duration.ofMillis(250)).ignoring(RuntimeException.class)
					.withMessage(() -> "no tile changed within " + WAIT.toSeconds() + " s of stopping the peer")
					.until((d) -> turnedForRounds(driver, before, 2));
			}
			// The window is taller than the page's viewport by whatever the browser draws around it.
			long height = (Long) driver.executeScript(
					"return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
			driver.manage().window().setSize(new Dimension(width, (int) Math.min(height, 4000)));
			// One frame for the resized layout.
			driver.executeAsyncScript("requestAnimationFrame(() => requestAnimationFrame(arguments[0]));");
			Files.createDirectories(output.getParent());
			Files.write(output, driver.getScreenshotAs(OutputType.BYTES));
			System.out.println("Wrote " + output + " from " + url);
		}
	}

	private static void stop(Path pidFile) throws IOException {
		long pid = Long.parseLong(Files.readString(pidFile).strip());
		ProcessHandle peer = ProcessHandle.of(pid)
			.orElseThrow(() -> new IllegalStateException("no process " + pid + " (from " + pidFile + ")"));
		peer.destroy();
		System.out.println("Stopped PID " + pid + " (from " + pidFile + ")");
	}

	private static boolean turnedForRounds(ChromeDriver driver, Map<String, String> before, int rounds) {
		return BoardPage.tiles(driver)
			.stream()
			.anyMatch((tile) -> !tile.outcome().equals(before.get(tile.target())) && tile.history().size() >= rounds
					&& tile.history()
						.subList(tile.history().size() - rounds, tile.history().size())
						.stream()
						.allMatch(tile.outcome()::equals));
	}

	private static boolean ready(ChromeDriver driver, int rounds) {
		List<Tile> tiles = BoardPage.tiles(driver);
		return !tiles.isEmpty()
				&& tiles.stream().allMatch((tile) -> tile.outcome() != null && tile.history().size() >= rounds);
	}

}
