package io.netpoldemo.identity.web;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and probing requests against a real Tomcat, as the three services run: a 4xx or the default format and
 * one WARN line, never a 500 or a stack trace; links relative whatever the Host header says.
 */
@SpringBootTest(classes = RequestHardeningIntegrationTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,info", "spring.main.banner-mode=off" })
@ExtendWith(OutputCaptureExtension.class)
class RequestHardeningIntegrationTests {

	static final String FIFTY_ONE_TYPES = IntStream.range(0, 51)
		.mapToObj((i) -> "application/x-t" + i)
		.collect(Collectors.joining(", "));

	@LocalServerPort
	int port;

	@Test
	void malformedQueryStringIsABadRequestLoggedOnceWithoutAStackTrace(CapturedOutput output) {
		for (String query : new String[] { "a=%zz", "a=%", "format=%G1" }) {
			RawHttp answer = RawHttp.get(this.port, "/things?" + query);
			assertThat(answer.status()).as(query).isEqualTo(400);
			assertThat(answer.body()).contains("\"status\":400").contains("malformed query string");
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("malformed query string ("))).hasSize(3)
			.allSatisfy((line) -> assertThat(line).contains("WARN"));
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("\tat ");
	}

	@Test
	void tooManyMediaTypesGetTheDefaultFormat(CapturedOutput output) {
		RawHttp answer = RawHttp.get(this.port, "/things", "Accept: " + FIFTY_ONE_TYPES);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).contains("application/json");
		assertThat(output.getAll()).contains("51 media types, more than 50").doesNotContain("ERROR");
	}

	@Test
	void unparseableAcceptHeaderGetsTheDefaultFormat(CapturedOutput output) {
		for (String accept : new String[] { "text/html;q=bad", ",;;", "a/b/c", "*/x;" }) {
			RawHttp answer = RawHttp.get(this.port, "/things", "Accept: " + accept);
			assertThat(answer.status()).as(accept).isIn(200, 406);
		}
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("\tat ");
	}

	@Test
	void anAcceptableListStillDecides() {
		assertThat(RawHttp.get(this.port, "/things", "Accept: text/csv").status()).isEqualTo(406);
	}

	@Test
	void errorPageAskedForDirectlyIsNotFound() {
		RawHttp answer = RawHttp.get(this.port, "/error");
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body()).contains("\"status\":404").doesNotContain("999");
	}

	@Test
	void actuatorLinksAreRelativeWhateverTheHostHeader() {
		RawHttp answer = RawHttp.get(this.port, "/actuator", "Host: evil.example:666");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"href\":\"/actuator/health\"").doesNotContain("evil.example");
		assertThat(RawHttp.get(this.port, "/actuator/", "Host: evil.example").body()).doesNotContain("evil.example");
	}

	@SpringBootApplication
	@RestController
	static class App {

		@GetMapping(path = "/things", produces = "application/json")
		Map<String, String> things(@RequestParam(required = false) String a) {
			return Map.of("a", String.valueOf(a));
		}

	}

}
