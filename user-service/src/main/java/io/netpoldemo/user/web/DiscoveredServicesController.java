package io.netpoldemo.user.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.DiscoveredChecks;
import io.netpoldemo.user.cluster.ServiceDiscovery;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /check/services}: every Service that in-cluster discovery finds, checked on each of its ports with the
 * same outcome classes and expectations as the configured targets. Outside Kubernetes it says that discovery is
 * off, in JSON or text like every other check endpoint.
 */
@RestController
class DiscoveredServicesController {

	private final ServiceDiscovery discovery;

	private final DiscoveredChecks checks;

	DiscoveredServicesController(ServiceDiscovery discovery, DiscoveredChecks checks) {
		this.discovery = discovery;
		this.checks = checks;
	}

	@GetMapping("/check/services")
	ResponseEntity<?> services(@RequestParam(required = false) String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		ReportFormat reportFormat = ReportFormat.of(format, accept);
		ServiceDiscovery.Discovery found = this.discovery.discover();
		if (!found.on()) {
			if (reportFormat == ReportFormat.TEXT) {
				return ResponseEntity.ok().contentType(reportFormat.mediaType()).body(found.off() + "\n");
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("discovery", "off");
			body.put("reason", found.off());
			body.put("results", List.of());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
		}
		CheckReport report = this.checks.check(found.targets());
		if (reportFormat == ReportFormat.JUNIT) {
			return ResponseEntity.ok().contentType(reportFormat.mediaType()).body(JUnitReport.of(report));
		}
		if (reportFormat == ReportFormat.TEXT) {
			String text = found.targets().isEmpty()
					? "discovery found no Service with a ready endpoint in the namespaces it watches\n"
					: TextTable.report(report);
			return ResponseEntity.ok().contentType(reportFormat.mediaType()).body(text);
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
	}

}
