package io.netpoldemo.k8s;

/**
 * The contract every other part of the project relies on: names, ports and labels, exactly.
 *
 * @param artifactId the Maven module, and the image name Jib gives it
 * @param deployment the Deployment (and ServiceAccount) name
 * @param service the Service name
 * @param podLabel the value of the pods' {@code app} label
 * @param servicePort the port the Service listens on
 * @param containerPort the port the pods listen on, the one NetworkPolicies see
 */
enum DemoService {

	USER("user-service", "user-app", "user-app-service", "user-app-pod", 80, 8080),

	AUTH("auth-service", "auth-app", "auth-app-service", "auth-app-pod", 8124, 8124),

	HELLO("helloworld-service", "helloworld-app", "helloworld-app-service", "helloworld-app-pod", 8889, 8888);

	final String artifactId;

	final String deployment;

	final String service;

	final String podLabel;

	final int servicePort;

	final int containerPort;

	DemoService(String artifactId, String deployment, String service, String podLabel, int servicePort,
			int containerPort) {
		this.artifactId = artifactId;
		this.deployment = deployment;
		this.service = service;
		this.podLabel = podLabel;
		this.servicePort = servicePort;
		this.containerPort = containerPort;
	}

	String image() {
		return "netpol-demo/" + this.artifactId;
	}

}
