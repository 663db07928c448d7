package io.netpoldemo.identity.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator's discovery page ({@code GET /actuator}) builds its links from the request URL, whose host comes from the
 * client's {@code Host} header: any caller could make the page point elsewhere. Seen through this filter the
 * request URL is its path alone, so the links are relative ({@code /actuator/health}) and correct behind any proxy.
 * Forwarded headers still count only where {@code server.forward-headers-strategy} says so.
 */
final class RelativeActuatorLinks extends OncePerRequestFilter {

	private final String basePath;

	RelativeActuatorLinks(String basePath) {
		this.basePath = basePath;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !path.equals(this.basePath) && !path.equals(this.basePath + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public StringBuffer getRequestURL() {
				return new StringBuffer(getRequestURI());
			}

		}, response);
	}

}
