package io.netpoldemo.user.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.CheckService;
import io.netpoldemo.user.check.Target;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /check} endpoints. Only configured targets can be checked, by name or by group: no parameter takes a URL
 * or a host, so the service cannot be used as an open proxy.
 */
@RestController
class CheckController {

	static final String ALL = "all";

	static final String DNS = "dns";

	private final CheckService checks;

	private final RenderedReports rendered;

	CheckController(CheckService checks, JsonMapper json) {
		this.checks = checks;
		this.rendered = new RenderedReports(json);
	}

	@GetMapping("/check")
	ResponseEntity<?> targets(@RequestParam(required = false) String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		ReportFormat reportFormat = ReportFormat.of(format, accept);
		List<Target> targets = this.checks.targets();
		if (reportFormat == ReportFormat.TEXT) {
			return ResponseEntity.ok().contentType(reportFormat.mediaType()).body(TextTable.targets(targets));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("targets", targets);
		body.put("groups", this.checks.groups());
		body.put("endpoints", endpoints());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	@GetMapping("/check/{name}")
	ResponseEntity<?> check(@PathVariable String name, @RequestParam(required = false) String format,
			@RequestParam(required = false) Long round,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		ReportFormat reportFormat = ReportFormat.of(format, accept);
		if (round != null) {
			return kept(name, round, reportFormat);
		}
		Optional<CheckReport> report = run(name);
		if (report.isEmpty() && reportFormat == ReportFormat.TEXT) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(reportFormat.mediaType())
				.body("unknown target or group '" + name + "': use one of " + String.join(", ", names()) + "\n");
		}
		if (report.isEmpty()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "unknown target or group '" + name + "'");
			body.put("targets", this.checks.targets().stream().map(Target::name).toList());
			body.put("endpoints", endpoints());
			return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return ResponseEntity.ok()
			.contentType(reportFormat.mediaType())
			.body(this.rendered.render(report.get(), reportFormat));
	}

	/**
	 * A finished round again, in another format: how {@code bin/check} writes the JUnit file of the very round whose
	 * table it printed, instead of probing a second time.
	 */
	private ResponseEntity<?> kept(String name, long round, ReportFormat format) {
		List<String> asked = targetsOf(name).map((targets) -> targets.stream().map(Target::name).toList()).orElse(null);
		Optional<CheckReport> report = this.checks.round(round)
			.filter((kept) -> kept.results().stream().map(CheckResult::target).toList().equals(asked));
		if (report.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("error", "round " + round + " is not kept: the last " + CheckService.KEPT_ROUNDS
						+ " rounds of /check/" + name + " are; leave out round= to run a new one"));
		}
		return ResponseEntity.ok().contentType(format.mediaType()).body(this.rendered.render(report.get(), format));
	}

	private Optional<CheckReport> run(String name) {
		if (name.equals(ALL)) {
			return Optional.of(this.checks.check(this.checks.targets()));
		}
		if (name.equals(DNS)) {
			return Optional.of(this.checks.resolve(this.checks.targets()));
		}
		return targetsOf(name).map(this.checks::check);
	}

	private Optional<List<Target>> targetsOf(String name) {
		if (name.equals(ALL) || name.equals(DNS)) {
			return Optional.of(this.checks.targets());
		}
		if (this.checks.groups().contains(name)) {
			return Optional.of(this.checks.group(name));
		}
		return this.checks.target(name).map(List::of);
	}

	/** Every name {@code /check/{name}} takes: all, dns, the groups, the targets. */
	private List<String> names() {
		return endpoints().stream().map((endpoint) -> endpoint.substring("/check/".length())).toList();
	}

	private List<String> endpoints() {
		List<String> endpoints = new ArrayList<>();
		endpoints.add("/check/" + ALL);
		endpoints.add("/check/" + DNS);
		this.checks.groups().forEach((group) -> endpoints.add("/check/" + group));
		this.checks.targets().forEach((target) -> endpoints.add("/check/" + target.name()));
		return endpoints;
	}

}
