package io.netpoldemo.user.check;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TargetsTests {

	@Test
	void ordersPeersThenCrossNamespaceThenInternetThenOthersByName() {
		Map<String, ChecksProperties.TargetProperties> targets = new LinkedHashMap<>();
		targets.put("httpbin", target("internet"));
		targets.put("zeta", target("extra"));
		targets.put("kube-dns", target("cross-namespace"));
		targets.put("hello", target("peers"));
		targets.put("auth", target("peers"));
		assertThat(targets(targets).all()).extracting(Target::name)
			.containsExactly("auth", "hello", "kube-dns", "httpbin", "zeta");
	}

	@Test
	void sendsTheTokenOnlyToItsTargets() {
		Targets targets = targets(Map.of("auth", target("peers"), "hello", target("peers")));
		assertThat(targets.headers(targets.named("auth").orElseThrow())).containsEntry("Authorization", "Bearer t");
		assertThat(targets.headers(targets.named("hello").orElseThrow())).isEmpty();
	}

	@Test
	void refusesNamesThatAnEndpointWouldShadow() {
		assertThatIllegalArgumentException().isThrownBy(() -> targets(Map.of("dns", target("peers"))))
			.withMessageContaining("checks.targets.dns");
		assertThatIllegalArgumentException().isThrownBy(() -> targets(Map.of("services", target("peers"))))
			.withMessageContaining("checks.targets.services");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> targets(Map.of("auth", target("peers"), "peers", target("internet"))))
			.withMessageContaining("ambiguous");
	}

	@Test
	void callsOnlyConfiguredTargets() {
		Targets targets = targets(Map.of("auth", target("peers")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> targets.endpoint(new Target("auth", "peers", Kind.HTTP, "http://127.0.0.2/")))
			.withMessageContaining("not a configured target");
	}

	private static ChecksProperties.TargetProperties target(String group) {
		return new ChecksProperties.TargetProperties(group, Kind.HTTP, "http://127.0.0.1:1/");
	}

	private static Targets targets(Map<String, ChecksProperties.TargetProperties> targets) {
		Path none = Path.of("/nonexistent/netpol-demo");
		return new Targets(new ChecksProperties(targets, new ChecksProperties.Timeouts(null, null, null),
				new ChecksProperties.Dns(List.of(), List.of(), 1, none, none),
				new ChecksProperties.Token("t", List.of("auth"))));
	}

}
