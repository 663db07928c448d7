package io.netpoldemo.hello;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class HelloWorldTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void saysHelloAndWhoAnswered() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.message").value("Hello, World!"))
			.andExpect(jsonPath("$.service").value("helloworld-service"))
			.andExpect(jsonPath("$.hostname").isString());
	}

	@Test
	void exposesProbesAndPrometheusOnly() throws Exception {
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/env")).andExpect(status().isNotFound());
	}

	@Test
	void actuatorLinksEchoNoHostAndTheErrorPageIsNotARoute() throws Exception {
		this.mvc.perform(get("/actuator").header("Host", "evil.example:666"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$._links.health.href").value("/actuator/health"));
		this.mvc.perform(get("/error")).andExpect(status().isNotFound());
	}

}
