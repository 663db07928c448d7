package io.netpoldemo.user.board;

import io.netpoldemo.user.cluster.ManifestUserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's "What if" panel in a real browser against a real user service whose policies come from manifest
 * files: pick a scenario of k8s/policies, preview it, and the tiles that would change say so and why, without
 * leaving the page; a broken paste shows the evaluator's message.
 */
class BoardWhatIfIntegrationTests extends ManifestUserService {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension(1400, 1600);

	@Test
	void previewsAScenarioOnTheTilesWithoutLeavingThePage() throws Exception {
		inForce("user-internet-access");
		ChromeDriver driver = chromium.driver();
		driver.get(url() + "/");
		BoardIntegrationTests.waitFor(driver, (d) -> BoardPage.outcomes(d).size() == TARGETS.size());
		BoardIntegrationTests.waitFor(driver,
				(d) -> new Select(d.findElement(By.id("what-if-scenario"))).getOptions().size() > 1);

		new Select(driver.findElement(By.id("what-if-scenario"))).selectByVisibleText("user-default-deny");
		BoardIntegrationTests.waitFor(driver,
				(d) -> d.findElement(By.id("what-if-yaml")).getDomProperty("value").contains("user-app-default-deny"));
		new Select(driver.findElement(By.id("what-if-mode"))).selectByValue("replace");
		driver.findElement(By.id("what-if-run")).click();
		BoardIntegrationTests.waitFor(driver, (d) -> BoardPage.text(d, "what-if-status").startsWith("6 targets"));

		assertThat(BoardPage.text(driver, "what-if-status"))
			.startsWith("6 targets would change: auth, hello")
			.endsWith("(replace netpol-demo/user-app-default-deny)");
		// The next rounds redraw the tiles: the preview stays on them.
		BoardIntegrationTests.waitFor(driver, (d) -> BoardPage.tile(d, "auth").text().contains("What if"));
		String auth = BoardPage.tile(driver, "auth").text();
		assertThat(auth).contains("What if: ALLOWED \u2192 DENIED").contains("user-app-default-deny");
		assertThat((Boolean) driver.executeScript(
				"return document.querySelector('article.tile[data-target=auth]').classList.contains('would-change');"))
			.isTrue();
		assertThat(driver.getCurrentUrl()).isEqualTo(url() + "/");

		driver.findElement(By.id("what-if-yaml")).clear();
		driver.findElement(By.id("what-if-yaml")).sendKeys("kind: NetworkPolicy\nmetadata: {name: x}\nspec: [");
		driver.findElement(By.id("what-if-run")).click();
		BoardIntegrationTests.waitFor(driver, (d) -> BoardPage.text(d, "what-if-status").startsWith("HTTP 400"));
		assertThat(BoardPage.text(driver, "what-if-status")).contains("request body, document 1");
		assertThat(BoardPage.tile(driver, "auth").text()).doesNotContain("What if");
		// The browser reports the 400 itself; nothing else may go wrong on the page.
		assertThat(BoardIntegrationTests.consoleProblems(driver))
			.allSatisfy((problem) -> assertThat(problem).contains("/check/preview?mode=replace").contains("400"));
	}

}
