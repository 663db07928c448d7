package io.netpoldemo.user.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netpoldemo.user.check.CheckReport;
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
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		ReportFormat reportFormat = ReportFormat.of(format, accept);
		Optional<CheckReport> report = run(name);
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

	private Optional<CheckReport> run(String name) {
		if (name.equals(ALL)) {
			return Optional.of(this.checks.check(this.checks.targets()));
		}
		if (name.equals(DNS)) {
			return Optional.of(this.checks.resolve(this.checks.targets()));
		}
		if (this.checks.groups().contains(name)) {
			return Optional.of(this.checks.check(this.checks.group(name)));
		}
		return this.checks.target(name).map((target) -> this.checks.check(List.of(target)));
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
