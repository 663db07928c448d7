package io.netpoldemo.user.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.netpoldemo.user.check.CheckService;
import io.netpoldemo.user.check.Target;
import io.netpoldemo.user.expectation.Expectation;
import io.netpoldemo.user.expectation.ExpectationSource;
import io.netpoldemo.user.expectation.Preview;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /check/preview}: "what if" these NetworkPolicies were applied? For every target, the expectation
 * today and with the change, from the same evaluator as the checks' expectations; nothing is applied and nothing is
 * probed. {@code GET /check/preview} lists the scenario files of {@code k8s/policies}, packaged with the board.
 * <p>
 * Same origin only: the service sends no CORS headers, and a request whose {@code Origin} is another site is refused,
 * so a page elsewhere cannot use a visitor's browser to ask.
 */
@RestController
class PreviewController {

	/** The largest body: many times the demo's biggest scenario, small enough to parse at once. */
	static final int MAX_BODY = 256 * 1024;

	static final String SCENARIOS = "board/scenarios/";

	private final CheckService checks;

	private final ExpectationSource expectations;

	private final List<String> scenarios;

	PreviewController(CheckService checks, ExpectationSource expectations) throws IOException {
		this.checks = checks;
		this.expectations = expectations;
		Resource[] files = new PathMatchingResourcePatternResolver()
			.getResources("classpath:/static/" + SCENARIOS + "*.yaml");
		this.scenarios = Arrays.stream(files).map(Resource::getFilename).filter(Objects::nonNull).sorted().toList();
	}

	@GetMapping("/check/preview")
	Map<String, Object> scenarios() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("scenarios", this.scenarios.stream().map((name) -> SCENARIOS + name).toList());
		body.put("usage", "POST /check/preview?mode=add|replace with NetworkPolicy YAML as the body");
		return body;
	}

	@PostMapping("/check/preview")
	ResponseEntity<Map<String, Object>> preview(@RequestParam(defaultValue = "add") String mode,
			HttpServletRequest request) throws IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !sameOrigin(origin, request)) {
			return error(HttpStatus.FORBIDDEN, "cross-origin requests are refused: open the board of this service");
		}
		boolean replace = switch (mode.strip().toLowerCase(Locale.ROOT)) {
			case "add" -> false;
			case "replace" -> true;
			default -> throw Preview.Refused.badInput("unknown mode '" + mode + "': use mode=add (the default) or mode=replace");
		};
		if (request.getContentLengthLong() > MAX_BODY) {
			return error(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_BODY + 1);
		}
		if (body.length > MAX_BODY) {
			return error(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
		}
		String yaml = new String(body, StandardCharsets.UTF_8);
		if (yaml.isBlank()) {
			return error(HttpStatus.BAD_REQUEST, "the body is empty: send one or more NetworkPolicy YAML documents");
		}
		List<Target> targets = this.checks.targets();
		Preview preview = this.expectations.preview(targets.stream().map(Target::call).toList(), yaml, replace);
		List<TargetPreview> previews = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++) {
			Target target = targets.get(i);
			Preview.Comparison comparison = preview.comparisons().get(i);
			previews.add(new TargetPreview(target.name(), target.group(), target.url(), comparison.today(),
					comparison.withChange(), comparison.changes()));
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("mode", preview.mode());
		answer.put("policies", preview.policies());
		answer.put("warnings", preview.warnings());
		answer.put("changed", previews.stream().filter(TargetPreview::changes).map(TargetPreview::target).toList());
		answer.put("targets", previews);
		answer.put("applied", false);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
	}

	private static String tooLarge() {
		return "the body is larger than " + MAX_BODY / 1024 + " KiB";
	}

	/** The page's origin is this service's scheme, host and port, as the browser reached it. */
	private static boolean sameOrigin(String origin, HttpServletRequest request) {
		try {
			URI uri = URI.create(origin);
			String host = request.getHeader(HttpHeaders.HOST);
			return request.getScheme().equalsIgnoreCase(uri.getScheme()) && host != null
					&& host.equalsIgnoreCase(uri.getRawAuthority());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * One target, today and with the change.
	 *
	 * @param target the target name
	 * @param group its group
	 * @param url what is called
	 * @param today the expectation with the policies in force
	 * @param withChange the expectation with the policies of the body
	 * @param changes whether the verdict differs
	 */
	record TargetPreview(String target, String group, String url, Expectation today, Expectation withChange,
			boolean changes) {
	}

	static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
	}

}
