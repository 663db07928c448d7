package io.netpoldemo.user.board;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The board's data: a stream of snapshots, and the cached snapshot for browsers that cannot hold a stream. The page
 * itself is {@code static/index.html}.
 */
@RestController
@RequestMapping("/board")
class BoardController {

	private final BoardLoop loop;

	private final BoardStreams streams;

	private final BoardProperties properties;

	BoardController(BoardLoop loop, BoardStreams streams, BoardProperties properties) {
		this.loop = loop;
		this.streams = streams;
		this.properties = properties;
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(HttpServletResponse response) {
		SseEmitter emitter = this.streams.open(this.loop.latest())
			// EventSource gives up on a non-200 answer; the page then polls /board/snapshot, which costs no probe.
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"The board already serves " + this.properties.maxStreams()
							+ " event streams (board.max-streams); poll /board/snapshot instead."));
		// Reverse proxies that buffer would hold every event back until the stream ends.
		response.setHeader("X-Accel-Buffering", "no");
		this.loop.wake();
		return emitter;
	}

	/**
	 * What a GET would start, without starting it: Spring MVC answers HEAD through the GET handler, which would open
	 * an event stream, take one of the {@code board.max-streams} slots and hold it until the stream times out.
	 */
	@RequestMapping(path = "/events", method = RequestMethod.HEAD)
	ResponseEntity<Void> eventsHead() {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.header("Cache-Control", "no-store")
			.header("X-Accel-Buffering", "no")
			.build();
	}

	@GetMapping(path = "/snapshot", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> snapshot() {
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(this.loop.poll());
	}

}
