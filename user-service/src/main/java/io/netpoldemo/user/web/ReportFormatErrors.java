package io.netpoldemo.user.web;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An unknown {@code ?format=} on any report endpoint: 400, in JSON, saying which formats there are.
 */
@RestControllerAdvice(assignableTypes = { CheckController.class, DiscoveredServicesController.class })
class ReportFormatErrors {

	@ExceptionHandler(ReportFormat.UnknownFormatException.class)
	ResponseEntity<Map<String, Object>> unknownFormat(ReportFormat.UnknownFormatException ex) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", ex.getMessage()));
	}

}
