package io.netpoldemo.user.cluster;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Outside Kubernetes the app starts with no API server, and {@code /check/services} says plainly that discovery is
 * off instead of failing or answering an empty list that would look like "no Services".
 */
@SpringBootTest
@AutoConfigureMockMvc
class DiscoveryOutsideKubernetesTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void saysDiscoveryIsOffInJson() throws Exception {
		this.mvc.perform(get("/check/services"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.discovery").value("off"))
			.andExpect(jsonPath("$.reason").value(containsString("not running in Kubernetes")))
			.andExpect(jsonPath("$.results").isEmpty());
	}

	@Test
	void saysDiscoveryIsOffInText() throws Exception {
		this.mvc.perform(get("/check/services").param("format", "text"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("discovery is off: not running in Kubernetes")));
	}

	@Test
	void rejectsAnUnknownFormat() throws Exception {
		this.mvc.perform(get("/check/services").param("format", "yaml")).andExpect(status().isBadRequest());
	}

}
