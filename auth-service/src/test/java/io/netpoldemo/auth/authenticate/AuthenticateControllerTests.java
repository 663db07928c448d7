package io.netpoldemo.auth.authenticate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = "auth.demo-token=s3cret")
@AutoConfigureMockMvc
class AuthenticateControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void acceptsTheDemoToken() throws Exception {
		this.mvc.perform(get("/authenticate").header("Authorization", "Bearer s3cret"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authenticated").value(true))
			.andExpect(jsonPath("$.service").value("auth"));
	}

	@Test
	void rejectsAWrongToken() throws Exception {
		this.mvc.perform(get("/authenticate").header("Authorization", "Bearer s3cre"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.authenticated").value(false))
			.andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("AUTH_DEMO_TOKEN")));
	}

	@Test
	void rejectsAMissingToken() throws Exception {
		this.mvc.perform(get("/authenticate"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.service").value("auth"));
	}

	@Test
	void saysWhoAnswered() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.service").value("auth-service"))
			.andExpect(jsonPath("$.hostname").isString());
	}

	@Test
	void exposesOnlyHealthInfoAndPrometheus() throws Exception {
		this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/env")).andExpect(status().isNotFound());
		this.mvc.perform(get("/actuator/beans")).andExpect(status().isNotFound());
	}

	@Test
	void answersProbingRequestsWithoutA500() throws Exception {
		// More media types than Spring sorts: the filter of pod-identity drops the header, the default format answers.
		String fiftyOneTypes = String.join(", ", java.util.Collections.nCopies(51, "application/json"));
		this.mvc.perform(get("/authenticate").header("Authorization", "Bearer s3cret").header("Accept", fiftyOneTypes))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authenticated").value(true));
		this.mvc.perform(get("/error")).andExpect(status().isNotFound());
	}

}
