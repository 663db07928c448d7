package io.netpoldemo.user.board;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an adversarial client tries against the real user service: {@code HEAD /board/events} answers at once and
 * holds no stream (a hundred of them in a row leave every slot free, the next GET streams at once, no connection is
 * left half closed); a 51-type Accept header, a malformed query string, {@code GET /error} and a forged Host get a
 * plain answer, never a 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "board.max-streams=2")
class ProbingRequestsIntegrationTests extends OnePeerService {

	private static final int CLOSE_WAIT = 0x08;

	@Autowired
	private BoardStreams streams;

	@Test
	void headRequestsHoldNoStreamSlot() throws Exception {
		for (int i = 0; i < 100; i++) {
			String answer = head("/board/events");
			assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
		}
		assertThat(this.streams.size()).isZero();
		assertThat(halfClosed()).as("server sockets in CLOSE-WAIT").isEmpty();

		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<InputStream> stream = client.send(
				HttpRequest.newBuilder(URI.create(board() + "board/events")).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(events.readLine()).isEqualTo("event:" + BoardStreams.EVENT_NAME);
		}
	}

	@Test
	void checksAnswerProbingRequestsWithoutA500() throws IOException {
		String fiftyOneTypes = IntStream.range(0, 51)
			.mapToObj((i) -> "application/x-t" + i)
			.collect(Collectors.joining(", "));
		assertThat(send("GET /check/hello", "Accept: " + fiftyOneTypes)).startsWith("HTTP/1.1 200")
			.contains("application/json");
		assertThat(send("GET /check/hello?format=%zz")).startsWith("HTTP/1.1 400").contains("malformed query string");
		assertThat(send("GET /error")).startsWith("HTTP/1.1 404").doesNotContain("999");
		assertThat(send("GET /actuator", "Host: evil.example:666")).startsWith("HTTP/1.1 200")
			.contains("\"href\":\"/actuator/health\"")
			.doesNotContain("evil.example");
	}

	private String head(String path) throws IOException {
		return send("HEAD " + path);
	}

	/**
	 * One request on its own connection, read to the end: the server must end the response by itself.
	 * @param requestLine method and target, sent as written (a malformed query string included)
	 */
	private String send(String requestLine, String... headers) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(15_000);
			String host = Stream.of(headers).anyMatch((header) -> header.startsWith("Host:")) ? ""
					: "Host: 127.0.0.1\r\n";
			String head = requestLine + " HTTP/1.1\r\n" + host
					+ Stream.of(headers).map((header) -> header + "\r\n").collect(Collectors.joining())
					+ "Connection: close\r\n\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The server's connections in CLOSE-WAIT, from the kernel's table ({@code /proc/net/tcp}, tcp6). */
	private List<String> halfClosed() throws IOException {
		String local = ":" + String.format(Locale.ROOT, "%04X", this.port);
		List<String> lines = new java.util.ArrayList<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path file = Path.of(table);
			if (!Files.isReadable(file)) {
				continue;
			}
			Files.readAllLines(file).stream().skip(1).map(String::trim).map((line) -> line.split("\\s+")).filter(
					(fields) -> fields[1].endsWith(local) && Integer.parseInt(fields[3], 16) == CLOSE_WAIT)
				.forEach((fields) -> lines.add(String.join(" ", fields)));
		}
		return lines;
	}

}
