package io.netpoldemo.user.board;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OnePeerService}, and a browser to watch its board.
 */
abstract class OnePeerBoard extends OnePeerService {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension(1280, 900);

}
