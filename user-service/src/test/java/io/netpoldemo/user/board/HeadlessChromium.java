package io.netpoldemo.user.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium driven through its own chromedriver: no Selenium Manager, no download, no profile of
 * anyone's, and no request of the browser's own (updates, sync, field trials) that could leave the machine.
 */
final class HeadlessChromium implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

	private final Path profile;

	private final ChromeDriver driver;

	private HeadlessChromium(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/**
	 * Skips the calling test where Chromium or its driver is missing, and fails it instead when {@code CI=true}.
	 */
	static void assumeInstalled() {
		String message = missing();
		if (message == null) {
			return;
		}
		if ("true".equals(System.getenv("CI"))) {
			fail(message);
		}
		// A class-level abort shows in the reports only; say it where the build output is read too.
		System.err.println("Skipping the board's browser tests: " + message);
		Assumptions.abort(message);
	}

	/**
	 * Says what is missing to run a browser.
	 * @return what to install, or {@code null} when Chromium and its driver are there
	 */
	static String missing() {
		List<Path> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter((path) -> !Files.isExecutable(path)).toList();
		return missing.isEmpty() ? null : "The board's browser needs Chromium and its driver, missing: " + missing
				+ " (install with: apt-get install chromium chromium-driver; or set CHROMIUM / CHROMEDRIVER)";
	}

	/**
	 * Starts a browser with a fresh profile.
	 * @param width the window width in CSS pixels
	 * @param height the window height in CSS pixels
	 * @return the browser; close it to end the processes and remove the profile
	 * @throws IOException if the profile folder cannot be made
	 */
	static HeadlessChromium start(int width, int height) throws IOException {
		// Belt and braces: the driver path below already keeps Selenium Manager from looking for a download.
		System.setProperty("SE_OFFLINE", "true");
		Path profile = Files.createTempDirectory("board-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-proxy-server",
				"--metrics-recording-only", "--hide-scrollbars", "--window-size=" + width + "," + height,
				// Names never resolve, so nothing the browser does on its own can leave the machine; the pages under
				// test are addressed by loopback IP.
				"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
				"--user-data-dir=" + profile);
		// Console messages for the "no console errors" check, network events for the "nothing leaves" check.
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(30))
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
			return new HeadlessChromium(profile, driver);
		}
		catch (RuntimeException ex) {
			service.stop();
			deleteTree(profile);
			throw ex;
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteTree(this.profile);
		}
	}

	private static void deleteTree(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temp folder is not worth failing a test for; the OS cleans /tmp.
		}
	}

}
