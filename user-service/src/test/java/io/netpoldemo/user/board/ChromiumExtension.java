package io.netpoldemo.user.board;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A fresh headless Chromium for each test. Register it in a static field so that a class without Chromium is skipped
 * (or failed, when {@code CI=true}) before its application context starts.
 */
final class ChromiumExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

	private final int width;

	private final int height;

	private HeadlessChromium chromium;

	ChromiumExtension(int width, int height) {
		this.width = width;
		this.height = height;
	}

	ChromeDriver driver() {
		return this.chromium.driver();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		HeadlessChromium.assumeInstalled();
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.chromium = HeadlessChromium.start(this.width, this.height);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.chromium != null) {
			this.chromium.close();
			this.chromium = null;
		}
	}

}
