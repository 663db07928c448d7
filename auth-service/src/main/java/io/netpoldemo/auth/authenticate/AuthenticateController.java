package io.netpoldemo.auth.authenticate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netpoldemo.identity.PodIdentity;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /authenticate}: accepts the demo bearer token. Enough of an API for the user service to show that a call
 * reached the auth service and was answered by it, whatever the policy in between.
 */
@RestController
class AuthenticateController {

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	private final PodIdentity identity;

	AuthenticateController(AuthProperties properties, PodIdentity identity) {
		this.token = properties.demoToken().getBytes(StandardCharsets.UTF_8);
		this.identity = identity;
	}

	@GetMapping("/authenticate")
	ResponseEntity<Map<String, Object>> authenticate(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return answer(HttpStatus.UNAUTHORIZED, "missing bearer token: send 'Authorization: Bearer <token>'");
		}
		byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
		// Constant time, so the answer's timing does not reveal how much of a guess was right.
		if (!MessageDigest.isEqual(this.token, presented)) {
			return answer(HttpStatus.UNAUTHORIZED, "wrong token: the auth and user services must share AUTH_DEMO_TOKEN");
		}
		return answer(HttpStatus.OK, null);
	}

	private ResponseEntity<Map<String, Object>> answer(HttpStatus status, String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("authenticated", status == HttpStatus.OK);
		body.put("service", "auth");
		if (error != null) {
			body.put("error", error);
		}
		body.put("pod", this.identity.where());
		body.put("version", this.identity.version());
		return ResponseEntity.status(status).body(body);
	}

}
