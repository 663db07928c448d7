package io.netpoldemo.k8s;

import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicy scenarios in {@code k8s/policies/}.
 *
 * @param fileName the file name without {@code .yaml}, also the suffix of its {@code apply-} make target
 * @param policyName the NetworkPolicy's name
 * @param selects the pods it selects
 * @param type the one policy type it lists
 * @param replacesOthers whether it is a user egress scenario that replaces the others, or an add-on that stacks
 */
enum Scenario {

	USER_DEFAULT_DENY("user-default-deny", "user-app-default-deny", DemoService.USER, "Egress", true),

	USER_INTERNET_ACCESS("user-internet-access", "user-app-network-policy-internet", DemoService.USER, "Egress", true),

	USER_SPECIFIC_RULES("user-specific-rules", "user-app-specific-rules", DemoService.USER, "Egress", true),

	USER_SPECIFIC_RULES_WITH_DNS("user-specific-rules-with-dns", "user-app-specific-rules-with-dns", DemoService.USER,
			"Egress", true),

	USER_ALLOW_DNS("user-allow-dns", "user-app-allow-dns", DemoService.USER, "Egress", false),

	HELLO_DENY_INGRESS("hello-deny-ingress", "helloworld-app-deny-ingress", DemoService.HELLO, "Ingress", false);

	final String fileName;

	final String policyName;

	final DemoService selects;

	final String type;

	final boolean replacesOthers;

	Scenario(String fileName, String policyName, DemoService selects, String type, boolean replacesOthers) {
		this.fileName = fileName;
		this.policyName = policyName;
		this.selects = selects;
		this.type = type;
		this.replacesOthers = replacesOthers;
	}

	String file() {
		return this.fileName + ".yaml";
	}

	String path() {
		return "k8s/policies/" + file();
	}

	NetworkPolicy policy() {
		List<Manifest> manifests = Manifests.read(Manifests.POLICIES.resolve(file()));
		assertThat(manifests).as("one object in %s", file()).hasSize(1);
		return (NetworkPolicy) manifests.get(0).object();
	}

}
