package io.netpoldemo.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario of k8s/policies against every target of the user service: the verdict and the stage, in the
 * order auth, hello, github, httpbin, kube-dns, argocd. {@code A} allowed, {@code D:dns} / {@code D:connect}
 * denied at that stage, {@code ?:connect} unknown.
 */
class DemoScenarioTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void expectsWhatTheChecksShow(String scenario, String expected) {
		String[] scenarios = scenario.isEmpty() ? new String[0] : scenario.split("\\+");
		PolicyEvaluator evaluator = new PolicyEvaluator(Demo.with(scenarios));
		List<String> actual = new ArrayList<>();
		Demo.TARGETS.forEach((name, target) -> {
			Evaluation evaluation = evaluator.call(Demo.USER, target);
			actual.add(switch (evaluation.verdict()) {
				case ALLOWED -> "A";
				case DENIED -> "D:" + evaluation.stage().name().toLowerCase();
				case UNKNOWN -> "?:" + evaluation.stage().name().toLowerCase();
			});
		});
		assertThat(String.join(" ", actual)).isEqualTo(expected);
	}

	static Stream<Arguments> scenarios() {
		return Stream.of(Arguments.of("", "A A A A A A"),
				Arguments.of("user-default-deny", "D:dns D:dns D:dns D:dns D:dns D:dns"),
				Arguments.of("user-internet-access", "A A A A A A"),
				Arguments.of("user-specific-rules", "D:dns D:dns D:dns D:dns D:dns D:dns"),
				Arguments.of("user-specific-rules-with-dns", "A D:connect A A A ?:connect"),
				Arguments.of("user-default-deny+user-allow-dns",
						"D:connect D:connect D:connect D:connect A D:connect"),
				Arguments.of("user-internet-access+hello-deny-ingress", "A D:connect A A A A"),
				Arguments.of("hello-deny-ingress", "A D:connect A A A A"));
	}

}
