package io.netpoldemo.user.web;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.netpoldemo.identity.PodIdentity;
import io.netpoldemo.user.check.CheckReport;
import io.netpoldemo.user.check.Agreement;
import io.netpoldemo.user.check.CheckResult;

/**
 * Writes a report as JUnit XML in the Ant/Surefire layout that CI systems read: one {@code <testsuite>} per target
 * group, one {@code <testcase>} per target, a {@code <failure>} for each result that contradicts the policies and a
 * {@code <skipped>} for each one with no expectation (UNKNOWN does not fail a pipeline). The pod that ran the checks and
 * the round's number are properties of every suite, so a CI page says where the verdicts come from.
 */
final class JUnitReport {

	private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

	private JUnitReport() {
	}

	static String of(CheckReport report) {
		Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
		report.results().forEach((result) -> groups.computeIfAbsent(result.group(), (g) -> new ArrayList<>()).add(result));
		StringWriter out = new StringWriter();
		try {
			XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out);
			xml.writeStartDocument("UTF-8", "1.0");
			xml.writeCharacters("\n");
			xml.writeStartElement("testsuites");
			xml.writeAttribute("name", "netpol-demo checks");
			xml.writeAttribute("tests", Integer.toString(report.summary().checks()));
			xml.writeAttribute("failures", Integer.toString(report.summary().mismatch()));
			xml.writeAttribute("errors", "0");
			xml.writeAttribute("skipped", Integer.toString(report.summary().unknown()));
			xml.writeAttribute("time", seconds(report.durationMs()));
			for (Map.Entry<String, List<CheckResult>> group : groups.entrySet()) {
				suite(xml, report, group.getKey(), group.getValue());
			}
			xml.writeCharacters("\n");
			xml.writeEndElement();
			xml.writeCharacters("\n");
			xml.writeEndDocument();
			xml.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("cannot write the JUnit report", ex);
		}
		return out.toString();
	}

	private static void suite(XMLStreamWriter xml, CheckReport report, String group, List<CheckResult> results)
			throws XMLStreamException {
		long failures = results.stream().filter((r) -> r.agreement() == Agreement.MISMATCH).count();
		long skipped = results.stream().filter((r) -> r.agreement() == Agreement.UNKNOWN).count();
		xml.writeCharacters("\n  ");
		xml.writeStartElement("testsuite");
		xml.writeAttribute("name", group);
		xml.writeAttribute("tests", Integer.toString(results.size()));
		xml.writeAttribute("failures", Long.toString(failures));
		xml.writeAttribute("errors", "0");
		xml.writeAttribute("skipped", Long.toString(skipped));
		xml.writeAttribute("time", seconds(results.stream().mapToLong(CheckResult::latencyMs).max().orElse(0)));
		xml.writeAttribute("timestamp", LocalDateTime.ofInstant(report.startedAt(), ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.SECONDS)
			.toString());
		xml.writeAttribute("hostname", clean(report.source().hostname()));
		xml.writeCharacters("\n    ");
		xml.writeStartElement("properties");
		property(xml, "source", source(report.source()));
		property(xml, "round", Long.toString(report.round()));
		xml.writeCharacters("\n    ");
		xml.writeEndElement();
		for (CheckResult result : results) {
			testcase(xml, result);
		}
		xml.writeCharacters("\n  ");
		xml.writeEndElement();
	}

	private static void testcase(XMLStreamWriter xml, CheckResult result) throws XMLStreamException {
		xml.writeCharacters("\n    ");
		xml.writeStartElement("testcase");
		xml.writeAttribute("classname", "checks." + result.group());
		xml.writeAttribute("name", result.target());
		xml.writeAttribute("time", seconds(result.latencyMs()));
		if (result.agreement() == Agreement.MISMATCH) {
			xml.writeCharacters("\n      ");
			xml.writeStartElement("failure");
			xml.writeAttribute("type", "MISMATCH");
			xml.writeAttribute("message", "expected " + result.expected() + ", observed " + result.outcome());
			xml.writeCharacters(clean(String.join("\n", "target: " + result.url(), "expected: " + result.expected(),
					"observed: " + result.outcome() + ((result.status() != null) ? " (HTTP " + result.status() + ")" : ""),
					"detail: " + result.detail(), "policy: " + result.policy(), "hint: " + result.hint())));
			xml.writeEndElement();
			xml.writeCharacters("\n    ");
		}
		else if (result.agreement() == Agreement.UNKNOWN) {
			xml.writeCharacters("\n      ");
			xml.writeEmptyElement("skipped");
			xml.writeAttribute("message", clean("no expectation: " + result.policy()));
			xml.writeCharacters("\n    ");
		}
		xml.writeEndElement();
	}

	private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
		xml.writeCharacters("\n      ");
		xml.writeEmptyElement("property");
		xml.writeAttribute("name", name);
		xml.writeAttribute("value", clean(value));
	}

	private static String source(PodIdentity source) {
		return (source.podName() != null && source.namespace() != null) ? source.namespace() + "/" + source.podName()
				: source.where();
	}

	private static String seconds(long millis) {
		return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
	}

	/** XML 1.0 has no way to write most control characters, not even escaped: a detail may carry one from a peer. */
	private static String clean(String text) {
		if (text == null) {
			return "";
		}
		return text.codePoints()
			.map((c) -> (c == '\t' || c == '\n' || c == '\r' || c >= 0x20) && c != 0xFFFE && c != 0xFFFF ? c : '?')
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

}
