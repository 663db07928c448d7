package io.netpoldemo.lab.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LabTopologyTests {

	/** The demo's own manifests: the lab must run what a cluster would get. */
	private static final Path DEMO = Path.of("..", "k8s");

	@Test
	void runsOnePodPerDeploymentPlusTheClusterDnsAndArgoCd() {
		LabTopology topology = LabTopology.of(ManifestSet.load(DEMO), "npd-");
		assertThat(topology.pods()).extracting((pod) -> pod.namespace() + "/" + pod.name() + " " + pod.netns())
			.containsExactly("netpol-demo/user-app-0 npd-user-app", "netpol-demo/auth-app-0 npd-auth-app",
					"netpol-demo/helloworld-app-0 npd-helloworld-app", "kube-system/coredns-0 npd-coredns",
					"argocd/argocd-server-0 npd-argocd-server");
		assertThat(topology.pods()).extracting(LabPod::ip)
			.containsExactly("10.244.0.10", "10.244.0.11", "10.244.0.12", "10.244.0.13", "10.244.0.14");
		assertThat(topology.allNetns()).endsWith("npd-router", "npd-internet");
		assertThat(topology.dnsPod().labels()).containsEntry("k8s-app", "kube-dns");
	}

	@Test
	void translatesTheHelloServicePortToThePodPort() {
		LabTopology topology = LabTopology.of(ManifestSet.load(DEMO), "npd-");
		LabService hello = topology.services()
			.stream()
			.filter((service) -> service.name().equals("helloworld-app-service"))
			.findFirst()
			.orElseThrow();
		assertThat(hello.dnsName()).isEqualTo("helloworld-app-service.netpol-demo.svc.cluster.local");
		assertThat(hello.routes()).singleElement()
			.satisfies((route) -> assertThat(route.port() + "->" + route.podIp() + ":" + route.targetPort())
				.isEqualTo("8889->10.244.0.12:8888"));
	}

	@Test
	void keepsTheClusterDnsAtItsUsualAddress() {
		LabTopology topology = LabTopology.of(ManifestSet.load(DEMO), "npd-");
		assertThat(topology.routes()).filteredOn((route) -> route.service().equals("kube-system/kube-dns"))
			.extracting((route) -> route.clusterIp() + " " + route.protocol() + "/" + route.port())
			.containsExactly("10.96.0.10 UDP/53", "10.96.0.10 TCP/53");
	}

	@Test
	void givesPodsTheDownwardApiAndSecretEnvOfTheirDeployment() {
		LabPod user = LabTopology.of(ManifestSet.load(DEMO), "npd-").podRunning("user-service");
		assertThat(user.env()).containsEntry("POD_NAME", "user-app-0")
			.containsEntry("POD_NAMESPACE", "netpol-demo")
			.containsEntry("POD_IP", "10.244.0.10")
			.containsEntry("AUTH_DEMO_TOKEN", "netpol-demo-token");
		assertThat(user.toPod().getStatus().getPodIP()).isEqualTo("10.244.0.10");
	}

	@Test
	void labelsEveryNamespaceWithItsNameAsTheApiServerDoes() {
		LabTopology topology = LabTopology.of(ManifestSet.load(DEMO), "npd-");
		assertThat(topology.namespaces()).extracting((namespace) -> namespace.getMetadata()
			.getLabels()
			.get(LabTopology.NAMESPACE_NAME_LABEL)).containsExactlyInAnyOrder("netpol-demo", "kube-system", "argocd");
	}

	@Test
	void routesNothingForAServiceWithoutPorts(@TempDir Path dir) throws IOException {
		for (String file : new String[] { "namespace.yaml", "auth-demo-token.yaml", "auth-service.yaml" }) {
			Files.copy(DEMO.resolve(file), dir.resolve(file));
		}
		Files.writeString(dir.resolve("kustomization.yaml"),
				"namespace: netpol-demo\nresources: [namespace.yaml, auth-demo-token.yaml, auth-service.yaml, portless.yaml]\n");
		Files.writeString(dir.resolve("portless.yaml"), "{apiVersion: v1, kind: Service, metadata: {name: portless},"
				+ " spec: {selector: {app: auth-app-pod}, ports: null}}\n");
		LabTopology topology = LabTopology.of(ManifestSet.load(dir), "npd-");
		assertThat(topology.routes()).extracting((route) -> route.service())
			.contains("netpol-demo/auth-app-service")
			.doesNotContain("netpol-demo/portless");
	}

	@Test
	void namesTheMissingSecretKey(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), "namespace: demo\nresources: [app.yaml]\n");
		Files.writeString(dir.resolve("app.yaml"), """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: app}
				spec:
				  template:
				    metadata: {labels: {app: a}}
				    spec:
				      containers:
				        - name: app
				          image: netpol-demo/user-service
				          env:
				            - name: TOKEN
				              valueFrom: {secretKeyRef: {name: token, key: value}}
				""");
		assertThatExceptionOfType(LabException.class).isThrownBy(() -> LabTopology.of(ManifestSet.load(dir), "t-"))
			.withMessage("Deployment demo/app env TOKEN: no key 'value' in Secret demo/token among the manifests");
	}

	@Test
	void refusesImagesItCannotRun(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), "resources: [app.yaml]\n");
		Files.writeString(dir.resolve("app.yaml"), """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: web}
				spec:
				  template:
				    spec:
				      containers: [{name: web, image: "nginx:1.27"}]
				""");
		assertThatExceptionOfType(LabException.class).isThrownBy(() -> LabTopology.of(ManifestSet.load(dir), "t-"))
			.withMessageStartingWith("Deployment default/web: the lab cannot run image 'nginx:1.27'");
	}

	@Test
	void refusesHeadlessServicesByName(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), "namespace: demo\nresources: [db.yaml]\n");
		Files.writeString(dir.resolve("db.yaml"), """
				apiVersion: v1
				kind: Service
				metadata: {name: db}
				spec:
				  clusterIP: None
				  selector: {app: db}
				  ports: [{port: 5432}]
				""");
		assertThatExceptionOfType(LabException.class).isThrownBy(() -> LabTopology.of(ManifestSet.load(dir), "t-"))
			.withMessageStartingWith("Service demo/db is headless (clusterIP: None)");
	}

	@Test
	void namesTheKustomizationThatCannotBeRead(@TempDir Path dir) {
		assertThatExceptionOfType(LabException.class).isThrownBy(() -> ManifestSet.load(dir))
			.withMessageContaining(dir.resolve("kustomization.yaml").toString());
	}

}
