package io.netpoldemo.user.board;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the board page shows, read in one script call: the page replaces its tiles on every snapshot, so element
 * references held across calls would go stale.
 */
final class BoardPage {

	private static final String READ_TILES = """
			return Array.from(document.querySelectorAll('article.tile')).map((tile) => ({
				target: tile.dataset.target,
				outcome: tile.dataset.outcome,
				word: tile.querySelector('.outcome .word').textContent,
				hint: (tile.querySelector('.hint') || { textContent: '' }).textContent,
				group: tile.closest('section').dataset.group,
				history: Array.from(tile.querySelectorAll('.history .cell')).map((cell) => cell.dataset.outcome),
				mismatch: tile.classList.contains('mismatch'),
				text: tile.innerText,
			}));
			""";

	private BoardPage() {
	}

	@SuppressWarnings("unchecked")
	static List<Tile> tiles(ChromeDriver driver) {
		List<Map<String, Object>> tiles = (List<Map<String, Object>>) driver.executeScript(READ_TILES);
		return tiles.stream()
			.map((tile) -> new Tile((String) tile.get("target"), (String) tile.get("outcome"),
					(String) tile.get("word"), (String) tile.get("hint"), (String) tile.get("group"),
					(List<String>) tile.get("history"), Boolean.TRUE.equals(tile.get("mismatch")),
					(String) tile.get("text")))
			.toList();
	}

	static Map<String, String> outcomes(ChromeDriver driver) {
		return tiles(driver).stream().collect(Collectors.toMap(Tile::target, Tile::outcome));
	}

	static Tile tile(ChromeDriver driver, String target) {
		return tiles(driver).stream()
			.filter((tile) -> tile.target().equals(target))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no tile for " + target));
	}

	static String text(ChromeDriver driver, String id) {
		return (String) driver.executeScript("return document.getElementById(arguments[0]).textContent;", id);
	}

	static String linkState(ChromeDriver driver) {
		return (String) driver.executeScript("return document.getElementById('link').dataset.state;");
	}

	/**
	 * One tile as the page shows it.
	 *
	 * @param target the target name
	 * @param outcome the outcome the tile is coloured by
	 * @param word the outcome as written on the tile
	 * @param hint the hint sentence
	 * @param group the group section the tile is in
	 * @param history the outcomes of the history strip, oldest first
	 * @param mismatch whether the tile is marked as disagreeing with the policies
	 * @param text everything the tile reads
	 */
	record Tile(String target, String outcome, String word, String hint, String group, List<String> history,
			boolean mismatch, String text) {
	}

}
