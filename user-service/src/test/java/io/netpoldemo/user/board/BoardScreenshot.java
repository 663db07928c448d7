package io.netpoldemo.user.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's picture of the board from a running user service ({@code make screenshot}): waits until every
 * tile shows an outcome and the history strips have a few rounds, then captures the whole page.
 * <p>
 * Arguments: the board URL, the PNG to write, and optionally the window width and the number of rounds to wait for.
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
						+ " rounds of history within " + WAIT.toSeconds() + " s")
				.until((d) -> ready(d.findElements(By.cssSelector("article.tile")), rounds));
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

	private static boolean ready(List<WebElement> tiles, int rounds) {
		return !tiles.isEmpty() && tiles.stream()
			.allMatch((tile) -> tile.getDomAttribute("data-outcome") != null
					&& tile.findElements(By.cssSelector(".history .cell")).size() >= rounds);
	}

}
