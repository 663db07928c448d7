package io.netpoldemo.user.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.CheckReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedReportsTests {

	private final RenderedReports rendered = new RenderedReports(JsonMapper.builder().build());

	private final PodIdentity source = new PodIdentity("user-service", "1", null, null, null, "vm");

	@Test
	void rendersASharedReportOncePerFormat() {
		CheckReport report = new CheckReport(this.source, Instant.EPOCH, 5, List.of());
		byte[] json = this.rendered.render(report, ReportFormat.JSON);
		assertThat(this.rendered.render(report, ReportFormat.JSON)).isSameAs(json);
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"durationMs\":5");
		assertThat(new String(this.rendered.render(report, ReportFormat.TEXT), StandardCharsets.UTF_8))
			.startsWith("Checks from local run on vm");
	}

	@Test
	void rendersANewRoundAfresh() {
		byte[] first = this.rendered.render(new CheckReport(this.source, Instant.EPOCH, 5, List.of()), ReportFormat.JSON);
		byte[] second = this.rendered.render(new CheckReport(this.source, Instant.EPOCH, 7, List.of()), ReportFormat.JSON);
		assertThat(new String(second, StandardCharsets.UTF_8)).contains("\"durationMs\":7");
		assertThat(second).isNotSameAs(first);
	}

}
