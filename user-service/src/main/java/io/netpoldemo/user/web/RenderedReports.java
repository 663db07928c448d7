package io.netpoldemo.user.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netpoldemo.user.check.CheckReport;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders each report once per format. Concurrent identical requests share one probe round and so receive the very
 * same report: when a round ends, its hundreds of waiting requests would otherwise serialize it hundreds of times at
 * once, and that burst is what slows the health probes under load.
 */
final class RenderedReports {

	private final JsonMapper json;

	private final Map<ReportFormat, Rendered> last = new ConcurrentHashMap<>();

	RenderedReports(JsonMapper json) {
		this.json = json;
	}

	byte[] render(CheckReport report, ReportFormat format) {
		Rendered rendered = this.last.get(format);
		if (rendered != null && rendered.report() == report) {
			return rendered.body();
		}
		byte[] body = switch (format) {
			case TEXT -> TextTable.report(report).getBytes(StandardCharsets.UTF_8);
			case JUNIT -> JUnitReport.of(report).getBytes(StandardCharsets.UTF_8);
			case JSON -> this.json.writeValueAsBytes(report);
		};
		this.last.put(format, new Rendered(report, body));
		return body;
	}

	private record Rendered(CheckReport report, byte[] body) {
	}

}
