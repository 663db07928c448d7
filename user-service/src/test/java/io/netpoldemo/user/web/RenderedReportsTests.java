package io.netpoldemo.user.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.Agreement;
import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.CheckResult;
import io.netpoldemo.user.check.Kind;
import io.netpoldemo.user.check.Outcome;
import io.netpoldemo.user.expectation.Expected;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
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
	void rendersJUnitWithAFailurePerMismatchASkipPerUnknownAndNoCharacterXmlCannotCarry() throws Exception {
		CheckResult leaked = new CheckResult("auth", "peers", Kind.HTTP, "http://auth/", Outcome.OK, 200, 4,
				"10.0.0.1:80", "HTTP/1.1 200 <ok> \u0007", "hint", Expected.DENIED, "deny-all & more", Agreement.MISMATCH);
		CheckResult unknown = new CheckResult("github", "internet", Kind.HTTP, "https://github/", Outcome.TIMEOUT, null,
				2000, null, "no answer", "hint", Expected.UNKNOWN, "no policy information", Agreement.UNKNOWN);
		CheckReport report = new CheckReport(7, this.source, Instant.EPOCH, 2001, List.of(leaked, unknown));
		String xml = new String(this.rendered.render(report, ReportFormat.JUNIT), StandardCharsets.UTF_8);
		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("1");
		assertThat(document.getDocumentElement().getAttribute("skipped")).isEqualTo("1");
		assertThat(document.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
		assertThat(document.getElementsByTagName("failure").item(0).getTextContent())
			.contains("detail: HTTP/1.1 200 <ok> ?", "policy: deny-all & more");
		assertThat(document.getElementsByTagName("skipped").item(0).getAttributes().getNamedItem("message")
			.getNodeValue()).isEqualTo("no expectation: no policy information");
		assertThat(report.summary().warning()).startsWith("The network plugin does not seem to enforce NetworkPolicy: "
				+ "the policies deny auth, yet it was reached");
		assertThat(new String(this.rendered.render(report, ReportFormat.TEXT), StandardCharsets.UTF_8))
			.contains("Summary: 2 checks, 0 MATCH, 1 MISMATCH, 1 UNKNOWN (round 7)")
			.contains("MISMATCH auth: expected DENIED, observed OK (HTTP/1.1 200 <ok> \u0007); policy: deny-all & more");
	}

	@Test
	void rendersANewRoundAfresh() {
		byte[] first = this.rendered.render(new CheckReport(this.source, Instant.EPOCH, 5, List.of()), ReportFormat.JSON);
		byte[] second = this.rendered.render(new CheckReport(this.source, Instant.EPOCH, 7, List.of()), ReportFormat.JSON);
		assertThat(new String(second, StandardCharsets.UTF_8)).contains("\"durationMs\":7");
		assertThat(second).isNotSameAs(first);
	}

}
