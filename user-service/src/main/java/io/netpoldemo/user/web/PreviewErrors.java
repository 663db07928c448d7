package io.netpoldemo.user.web;

import java.util.Map;

import io.netpoldemo.user.expectation.Preview;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A refused preview: 400 for a body that is not NetworkPolicy YAML (in the evaluator's words), 409 when there is no
 * policy information to change.
 */
@RestControllerAdvice(assignableTypes = PreviewController.class)
class PreviewErrors {

	@ExceptionHandler(Preview.Refused.class)
	ResponseEntity<Map<String, Object>> refused(Preview.Refused ex) {
		return PreviewController.error(ex.badInput() ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT, ex.getMessage());
	}

}
