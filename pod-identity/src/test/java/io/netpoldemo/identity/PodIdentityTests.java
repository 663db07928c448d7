package io.netpoldemo.identity;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

class PodIdentityTests {

	private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PodIdentityAutoConfiguration.class))
		.withPropertyValues("spring.application.name=auth-service");

	@Test
	void readsTheDownwardApiVariables() {
		PodIdentity identity = PodIdentity.from("auth-service", "1.0", Map.of("POD_NAME", "auth-7f9c",
				"POD_NAMESPACE", "demo", "POD_IP", "10.244.0.7", "HOSTNAME", "auth-7f9c"));
		assertThat(identity).isEqualTo(new PodIdentity("auth-service", "1.0", "auth-7f9c", "demo", "10.244.0.7",
				"auth-7f9c"));
		assertThat(identity.inKubernetes()).isTrue();
		assertThat(identity.where()).isEqualTo("demo/auth-7f9c");
	}

	@Test
	void outsideKubernetesSaysWhichHost() {
		PodIdentity identity = PodIdentity.from("user-service", "1.0", Map.of("HOSTNAME", "laptop", "POD_NAME", " "));
		assertThat(identity.podName()).isNull();
		assertThat(identity.where()).isEqualTo("local run on laptop");
	}

	@Test
	void providesTheIdentityAndTheWhoAnsweredRoute() {
		this.contexts.run((context) -> {
			assertThat(context.getBean(PodIdentity.class).service()).isEqualTo("auth-service");
			assertThat(context.getBean(PodIdentity.class).version()).isEqualTo("unknown");
			assertThat(context).hasSingleBean(RouterFunction.class);
		});
	}

	@Test
	void theRouteCanBeTurnedOffForAnAppThatOwnsItsRoot() {
		this.contexts.withPropertyValues("pod-identity.who-answered.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class)
				.hasSingleBean(PodIdentity.class));
	}

	@Test
	void putsTheGreetingFirst() {
		PodIdentity identity = new PodIdentity("helloworld-service", "1.0", null, null, null, "vm");
		assertThat(PodIdentityAutoConfiguration.WhoAnsweredConfiguration.whoAnswered(identity, "Hello, World!"))
			.containsEntry("message", "Hello, World!")
			.containsEntry("service", "helloworld-service")
			.containsKey("podIp");
	}

}
