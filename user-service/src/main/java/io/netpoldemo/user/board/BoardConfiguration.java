package io.netpoldemo.user.board;

import io.netpoldemo.user.check.CheckService;
import io.netpoldemo.user.expectation.ExpectationSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The board: its data source (the check service's shared rounds), the round loop, the event streams, and the page's
 * security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BoardProperties.class)
class BoardConfiguration {

	@Bean
	BoardSource boardSource(CheckService checkService, ExpectationSource expectationSource) {
		return new CheckServiceBoardSource(checkService, expectationSource);
	}

	@Bean
	BoardStreams boardStreams(BoardProperties properties) {
		return new BoardStreams(properties);
	}

	@Bean
	BoardLoop boardLoop(BoardSource boardSource, BoardStreams boardStreams, JsonMapper jsonMapper,
			BoardProperties properties) {
		return new BoardLoop(boardSource, boardStreams, jsonMapper, properties);
	}

	@Bean
	FilterRegistrationBean<BoardSecurityHeaders> boardSecurityHeaders() {
		FilterRegistrationBean<BoardSecurityHeaders> registration = new FilterRegistrationBean<>(
				new BoardSecurityHeaders());
		// The page and its assets; the JSON routes of the service answer without a page policy.
		registration.addUrlPatterns("/", "/index.html", "/board/*");
		return registration;
	}

}
