package io.netpoldemo.identity.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests whose query string or {@code Accept} header cannot be parsed, and direct requests for the error page:
 * <ul>
 * <li>a query string Tomcat cannot decode ({@code ?a=%zz}) gets 400 with a JSON body and one WARN line; left to Spring
 * MVC, the parse fails inside the controller and logs an ERROR with a stack trace;</li>
 * <li>an {@code Accept} header that does not parse, or lists more media types than Spring sorts (50), is dropped with
 * one WARN line, so the answer is the default format instead of a 500;</li>
 * <li>{@code GET /error} from a client (not an error dispatch) is a 404: the error controller, asked directly, has no
 * status to report and answers 500 with status 999.</li>
 * </ul>
 */
final class MalformedRequestFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(MalformedRequestFilter.class);

	/** What {@link org.springframework.util.MimeTypeUtils#sortBySpecificity} accepts at most. */
	static final int MAX_MEDIA_TYPES = 50;

	private final String errorPath;

	MalformedRequestFilter(String errorPath) {
		this.errorPath = errorPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.errorPath.equals(request.getRequestURI())) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (RuntimeException ex) {
			// Tomcat 11 throws InvalidParameterException (an IllegalStateException) on the first parameter read.
			logger.warn("Refused " + request.getMethod() + " " + request.getRequestURI() + ": malformed query string ("
					+ firstLine(ex.getMessage()) + ")");
			badRequest(request, response, "malformed query string: use percent-encoding (%XX) for special characters");
			return;
		}
		String problem = acceptProblem(request);
		if (problem != null) {
			logger.warn("Ignored the Accept header of " + request.getMethod() + " " + request.getRequestURI() + ": "
					+ problem + "; answering in the default format");
			chain.doFilter(new WithoutAccept(request), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String acceptProblem(HttpServletRequest request) {
		List<String> values = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (values.isEmpty()) {
			return null;
		}
		try {
			int types = MediaType.parseMediaTypes(values).size();
			return (types > MAX_MEDIA_TYPES) ? types + " media types, more than " + MAX_MEDIA_TYPES : null;
		}
		catch (InvalidMediaTypeException ex) {
			return "not a list of media types (" + firstLine(ex.getMessage()) + ")";
		}
	}

	private static void badRequest(HttpServletRequest request, HttpServletResponse response, String message)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// The path as Tomcat decoded it is safe to quote in JSON once quotes and backslashes are escaped.
		String path = request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
		response.getWriter()
			.write("{\"status\":400,\"error\":\"Bad Request\",\"message\":\"" + message + "\",\"path\":\"" + path
					+ "\"}");
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "no detail";
		}
		String line = text.lines().findFirst().orElse(text);
		return (line.length() > 200) ? line.substring(0, 200) + "..." : line;
	}

	/** The request as if it carried no {@code Accept} header: any format will do. */
	private static final class WithoutAccept extends HttpServletRequestWrapper {

		WithoutAccept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(HttpHeaders.ACCEPT::equalsIgnoreCase);
			return Collections.enumeration(names);
		}

	}

}
