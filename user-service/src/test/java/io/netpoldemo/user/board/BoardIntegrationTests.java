package io.netpoldemo.user.board;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.netpoldemo.user.check.ClosedPort;
import io.netpoldemo.user.board.BoardPage.Tile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The board in a real browser, served by the real user service, whose peers are real HTTP servers on loopback
 * ports. Every target stays on 127.0.0.1: the "internet" and "cross-namespace" targets are a server answering 503
 * and ports where nothing listens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BoardIntegrationTests {

	// Bounded waits for what the page shows; a round runs every two seconds.
	private static final Duration UI_WAIT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static WireMockServer auth;

	private static WireMockServer hello;

	private static WireMockServer internet;

	@LocalServerPort
	private int port;

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension(1400, 1000);

	@DynamicPropertySource
	static void peers(DynamicPropertyRegistry registry) {
		auth = peer();
		auth.stubFor(get(urlPathEqualTo("/authenticate"))
			.willReturn(okJson("{\"authenticated\": true, \"service\": \"auth\"}")));
		hello = peer();
		hello.stubFor(get(urlPathEqualTo("/")).willReturn(okJson("{\"message\": \"hello\"}")));
		internet = peer();
		internet.stubFor(get(urlPathEqualTo("/ip")).willReturn(aResponse().withStatus(503)));
		target(registry, "auth", "peers", "http", auth.baseUrl() + "/authenticate");
		target(registry, "hello", "peers", "http", hello.baseUrl() + "/");
		target(registry, "httpbin", "internet", "http", internet.baseUrl() + "/ip");
		target(registry, "github", "internet", "http", "http://127.0.0.1:" + ClosedPort.next() + "/users/octocat");
		target(registry, "kube-dns", "cross-namespace", "tcp", "tcp://127.0.0.1:" + ClosedPort.next());
		target(registry, "argocd", "cross-namespace", "http", "http://127.0.0.1:" + ClosedPort.next() + "/");
		// Addresses are literal, so no name is looked up; should one be, it goes to a loopback port that is closed.
		registry.add("checks.dns.servers", () -> "127.0.0.1:" + ClosedPort.next());
	}

	/**
	 * Points every target at one server: hello answers 200 there, the others 404, and all go away together.
	 */
	static void allTargetsOn(DynamicPropertyRegistry registry, WireMockServer server) {
		server.stubFor(get(urlPathEqualTo("/")).willReturn(okJson("{\"message\": \"hello\"}")));
		target(registry, "auth", "peers", "http", server.baseUrl() + "/authenticate");
		target(registry, "hello", "peers", "http", server.baseUrl() + "/");
		target(registry, "github", "internet", "http", server.baseUrl() + "/users/octocat");
		target(registry, "httpbin", "internet", "http", server.baseUrl() + "/ip");
		target(registry, "kube-dns", "cross-namespace", "http", server.baseUrl() + "/dns");
		target(registry, "argocd", "cross-namespace", "http", server.baseUrl() + "/argocd");
	}

	static void target(DynamicPropertyRegistry registry, String name, String group, String kind, String url) {
		registry.add("checks.targets." + name + ".group", () -> group);
		registry.add("checks.targets." + name + ".kind", () -> kind);
		registry.add("checks.targets." + name + ".url", () -> url);
	}

	@AfterAll
	static void stopPeers() {
		for (WireMockServer server : new WireMockServer[] { auth, hello, internet }) {
			if (server != null && server.isRunning()) {
				server.stop();
			}
		}
	}

	@Test
	void showsEveryTargetLiveAndTurnsAStoppedPeerWithoutAReload() {
		ChromeDriver driver = chromium.driver();
		driver.get(base() + "/");
		Map<String, String> expected = Map.of("auth", "OK", "hello", "OK", "httpbin", "HTTP_ERROR", "github",
				"REFUSED", "kube-dns", "REFUSED", "argocd", "REFUSED");

		waitFor(driver, (d) -> BoardPage.outcomes(d).equals(expected));
		List<Tile> tiles = BoardPage.tiles(driver);
		assertThat(tiles).extracting(Tile::target).containsExactlyInAnyOrderElementsOf(expected.keySet());
		// The outcome in words next to its colour, with what it usually means.
		assertThat(tiles).allSatisfy((tile) -> {
			assertThat(tile.word()).isEqualTo(tile.outcome());
			assertThat(tile.hint()).isNotBlank();
		});
		assertThat(tiles).filteredOn((tile) -> tile.target().equals("httpbin")).singleElement()
			.satisfies((tile) -> assertThat(tile.text()).contains("503"));
		assertThat(tiles).extracting(Tile::target, Tile::group)
			.contains(tuple("auth", "peers"), tuple("hello", "peers"), tuple("kube-dns", "cross-namespace"),
					tuple("argocd", "cross-namespace"), tuple("github", "internet"), tuple("httpbin", "internet"));
		assertThat(BoardPage.text(driver, "source")).startsWith("local run");
		assertThat(BoardPage.linkState(driver)).isEqualTo("live");

		// A mark that a reload would wipe out.
		driver.executeScript("window.boardTestMark = 'still the same page';");
		hello.stop();

		waitFor(driver, (d) -> List.of("REFUSED", "TIMEOUT").contains(BoardPage.tile(d, "hello").outcome()));
		Tile turned = BoardPage.tile(driver, "hello");
		assertThat(turned.word()).isEqualTo(turned.outcome());
		assertThat(turned.history()).contains("OK").endsWith(turned.outcome());
		assertThat(driver.executeScript("return window.boardTestMark;")).isEqualTo("still the same page");
		assertThat(BoardPage.outcomes(driver)).containsEntry("auth", "OK");

		assertThat(consoleProblems(driver)).isEmpty();
		List<String> requested = networkRequests(driver);
		assertThat(requested).contains(base() + "/", base() + "/board/board.js", base() + "/board/events");
		assertThat(requested).filteredOn((url) -> !url.startsWith(base() + "/")).isEmpty();
	}

	@Test
	void servesThePageWithAStrictContentSecurityPolicy() throws Exception {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			for (String path : List.of("/", "/board/board.js", "/board/board.css")) {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path).isEqualTo(200);
				assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
					.hasValue(BoardSecurityHeaders.CONTENT_SECURITY_POLICY);
			}
			HttpResponse<String> page = client.send(
					HttpRequest.newBuilder(URI.create(base() + "/")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			// Nothing inline that the policy would have to allow, and nothing from another origin.
			assertThat(page.body()).doesNotContain("style=", "<style", "onload=", "onclick=", "http://", "https://")
				.containsPattern("<script src=\"board/board.js\" defer></script>");
		}
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private static WireMockServer peer() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		return server;
	}

	static void waitFor(ChromeDriver driver, Predicate<ChromeDriver> condition) {
		new WebDriverWait(driver, UI_WAIT, Duration.ofMillis(200)).ignoring(RuntimeException.class)
			.until((d) -> condition.test((ChromeDriver) d));
	}

	static List<String> consoleProblems(ChromeDriver driver) {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	/**
	 * Every URL the browser asked the network for, from Chrome's network events: the document, its assets, the event
	 * stream and any fetch, including requests the CSP would block. The browser's built-in pages ({@code chrome://})
	 * and inline {@code data:} URLs never reach a network and are left out.
	 */
	private static List<String> networkRequests(ChromeDriver driver) {
		List<String> urls = new ArrayList<>();
		for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
			JsonNode message = JSON.readTree(entry.getMessage()).path("message");
			if ("Network.requestWillBeSent".equals(message.path("method").asString())) {
				String url = message.at("/params/request/url").asString();
				if (!url.startsWith("chrome://") && !url.startsWith("data:")) {
					urls.add(url);
				}
			}
		}
		return urls;
	}

}
