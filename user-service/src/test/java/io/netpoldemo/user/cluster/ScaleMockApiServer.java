package io.netpoldemo.user.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * fabric8's mock API server (CRUD mode) on 127.0.0.1, in a JVM of its own, holding the demo plus a generated
 * cluster: {@code namespaces} namespaces of {@code pods / namespaces} pods each, shaped as the API returns a
 * Deployment's pods (environment, probes, resources, volumes, status conditions, managedFields,
 * annotations), ten Services per namespace and {@code policies} NetworkPolicies of five shapes. Prints
 * {@code READY <port>} once everything is created, then serves until killed. Used by {@link ClusterScaleBenchmark}.
 */
public final class ScaleMockApiServer {

	/** The mock server logs every request at INFO: 20,000 lines would cost more than serving them. */
	private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

	private ScaleMockApiServer() {
	}

	/** What a create request does to the store, without the request. */
	private static void store(KubernetesCrudDispatcher dispatcher, KubernetesClient client, HasMetadata object) {
		object.getMetadata().setResourceVersion(String.valueOf(dispatcher.requestResourceVersion()));
		object.getMetadata().setCreationTimestamp("2026-11-30T10:00:00Z");
		String json = client.getKubernetesSerialization().asJson(object);
		String path = ((object instanceof Pod) ? "/api/v1" : "/apis/networking.k8s.io/v1") + "/namespaces/"
				+ object.getMetadata().getNamespace() + ((object instanceof Pod) ? "/pods" : "/networkpolicies");
		dispatcher.processEvent(path, dispatcher.getAttributeExtractor().fromPath(path), null,
				client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class), json);
	}

	public static void main(String[] args) throws Exception {
		int pods = Integer.parseInt(args[0]);
		int namespaces = Integer.parseInt(args[1]);
		int policies = Integer.parseInt(args[2]);
		QUIET.setLevel(Level.WARNING);
		KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new PagingDispatcher(dispatcher), false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		KubernetesClient client = server.createClient();
		DemoCluster.seed(client, Map.of("user-app", "10.244.0.10", "auth-app", "10.244.0.11", "helloworld-app",
				"10.244.0.12", "kube-dns", "10.244.0.2"));
		for (int n = 0; n < namespaces; n++) {
			String namespace = namespace(n);
			client.namespaces()
				.resource(new NamespaceBuilder().withNewMetadata()
					.withName(namespace)
					.withLabels(Map.of("kubernetes.io/metadata.name", namespace, "team", "team-" + (n % 20)))
					.endMetadata()
					.build())
				.create();
			for (int s = 0; s < 10; s++) {
				client.services()
					.inNamespace(namespace)
					.resource(new ServiceBuilder().withNewMetadata()
						.withName("svc-" + s)
						.withNamespace(namespace)
						.endMetadata()
						.withNewSpec()
						.withSelector(Map.of("app", "app-" + s))
						.withClusterIP("10.96." + n + "." + (s + 1))
						.addNewPort()
						.withName("http")
						.withPort(80)
						.withTargetPort(new IntOrString("http"))
						.endPort()
						.endSpec()
						.build())
					.create();
			}
		}
		// Pods and policies go straight into the server's store: created one request at a time, each create scans
		// the whole store, and 20,000 pods would take most of an hour.
		int perNamespace = (namespaces > 0) ? pods / namespaces : 0;
		for (int i = 0; i < perNamespace * namespaces; i++) {
			store(dispatcher, client, pod(i / perNamespace, i % perNamespace));
		}
		int policiesPerNamespace = (namespaces > 0) ? Math.max(1, policies / namespaces) : 0;
		for (int p = 0; p < policiesPerNamespace * namespaces; p++) {
			store(dispatcher, client, policy((p / policiesPerNamespace) % namespaces, p % policiesPerNamespace));
		}
		System.out.println("READY " + server.getPort());
		System.out.flush();
		Thread.currentThread().join();
	}

	static String namespace(int n) {
		return String.format("ns-%03d", n);
	}

	/** A pod as the API returns one of a Deployment's: most of it is what NetworkPolicy evaluation never reads. */
	static Pod pod(int n, int index) {
		String app = "app-" + (index % 10);
		String name = app + "-7d9f8b6c5-" + String.format("%05d", index);
		List<EnvVar> env = new ArrayList<>();
		for (int e = 0; e < 12; e++) {
			env.add(new EnvVar("SETTING_" + e, "value-of-setting-" + e + "-for-" + app, null));
		}
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(namespace(n))
			.withUid(java.util.UUID.nameUUIDFromBytes((n + "/" + index).getBytes()).toString())
			.withLabels(Map.of("app", app, "pod-template-hash", "7d9f8b6c5", "tier", (index % 2 == 0) ? "web" : "worker"))
			.withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-11-30T10:00:00Z",
					"prometheus.io/scrape", "true", "prometheus.io/port", "9090"))
			.addNewOwnerReference()
			.withApiVersion("apps/v1")
			.withKind("ReplicaSet")
			.withName(app + "-7d9f8b6c5")
			.withUid("rs-" + n + "-" + app)
			.withController(true)
			.withBlockOwnerDeletion(true)
			.endOwnerReference()
			.withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager")
				.withOperation("Update")
				.withApiVersion("v1")
				.withFieldsType("FieldsV1")
				.withTime("2026-11-30T10:00:00Z")
				.build(), new ManagedFieldsEntryBuilder().withManager("kubelet")
					.withOperation("Update")
					.withApiVersion("v1")
					.withFieldsType("FieldsV1")
					.withSubresource("status")
					.withTime("2026-11-30T10:00:05Z")
					.build())
			.endMetadata()
			.withNewSpec()
			.withServiceAccountName(app)
			.withNodeName("node-" + (index % 50))
			.addToContainers(new ContainerBuilder().withName(app)
				.withImage("registry.example/" + app + ":1.2.3")
				.withEnv(env)
				.addNewPort()
				.withName("http")
				.withContainerPort(8080)
				.withProtocol("TCP")
				.endPort()
				.addNewPort()
				.withName("metrics")
				.withContainerPort(9090)
				.withProtocol("TCP")
				.endPort()
				.withNewResources()
				.addToRequests("cpu", new Quantity("100m"))
				.addToRequests("memory", new Quantity("128Mi"))
				.addToLimits("memory", new Quantity("256Mi"))
				.endResources()
				.withNewReadinessProbe()
				.withNewHttpGet()
				.withPath("/actuator/health/readiness")
				.withPort(new IntOrString("http"))
				.endHttpGet()
				.endReadinessProbe()
				.withNewLivenessProbe()
				.withNewHttpGet()
				.withPath("/actuator/health/liveness")
				.withPort(new IntOrString("http"))
				.endHttpGet()
				.endLivenessProbe()
				.addNewVolumeMount()
				.withName("kube-api-access")
				.withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
				.withReadOnly(true)
				.endVolumeMount()
				.addNewVolumeMount()
				.withName("tmp")
				.withMountPath("/tmp")
				.endVolumeMount()
				.build())
			.addNewVolume()
			.withName("tmp")
			.withNewEmptyDir()
			.endEmptyDir()
			.endVolume()
			.addNewVolume()
			.withName("kube-api-access")
			.withNewProjected()
			.addNewSource()
			.withNewServiceAccountToken()
			.withPath("token")
			.withExpirationSeconds(3607L)
			.endServiceAccountToken()
			.endSource()
			.endProjected()
			.endVolume()
			.endSpec()
			.withNewStatus()
			.withPhase("Running")
			.withPodIP("10." + (100 + n / 250) + "." + (n % 250) + "." + (index % 250 + 1))
			.addNewPodIP()
			.withIp("10." + (100 + n / 250) + "." + (n % 250) + "." + (index % 250 + 1))
			.endPodIP()
			.withHostIP("172.18.0." + (index % 50 + 2))
			.withStartTime("2026-11-30T10:00:00Z")
			.withQosClass("Burstable")
			.addNewCondition()
			.withType("Initialized")
			.withStatus("True")
			.endCondition()
			.addNewCondition()
			.withType("Ready")
			.withStatus("True")
			.endCondition()
			.addNewCondition()
			.withType("ContainersReady")
			.withStatus("True")
			.endCondition()
			.addNewCondition()
			.withType("PodScheduled")
			.withStatus("True")
			.endCondition()
			.addNewContainerStatus()
			.withName(app)
			.withImage("registry.example/" + app + ":1.2.3")
			.withImageID("registry.example/" + app + "@sha256:" + "0123456789abcdef".repeat(4))
			.withContainerID("containerd://" + "fedcba9876543210".repeat(4))
			.withReady(true)
			.withStarted(true)
			.withRestartCount(0)
			.endContainerStatus()
			.endStatus()
			.build();
	}

	/** Five shapes: default deny, same-namespace by label, from another namespace, ipBlock egress, named port. */
	static NetworkPolicy policy(int n, int shape) {
		NetworkPolicyBuilder policy = new NetworkPolicyBuilder().withNewMetadata()
			.withName("policy-" + shape)
			.withNamespace(namespace(n))
			.endMetadata();
		String app = "app-" + (shape % 10);
		return switch (shape % 5) {
			case 0 -> policy.withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();
			case 1 -> policy.withNewSpec()
				.withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build())
				.addNewIngress()
				.withFrom(new NetworkPolicyPeerBuilder()
					.withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "web")).build())
					.build())
				.endIngress()
				.endSpec()
				.build();
			case 2 -> policy.withNewSpec()
				.withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "worker")).build())
				.addNewIngress()
				.withFrom(new NetworkPolicyPeerBuilder()
					.withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "team-" + (n % 20))).build())
					.build())
				.endIngress()
				.endSpec()
				.build();
			case 3 -> policy.withNewSpec()
				.withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build())
				.withPolicyTypes("Egress")
				.addNewEgress()
				.addNewTo()
				.withNewIpBlock()
				.withCidr("0.0.0.0/0")
				.withExcept("10.0.0.0/8", "169.254.169.254/32")
				.endIpBlock()
				.endTo()
				.withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(443)).build())
				.endEgress()
				.endSpec()
				.build();
			default -> policy.withNewSpec()
				.withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build())
				.addNewIngress()
				.withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("http")).build())
				.endIngress()
				.endSpec()
				.build();
		};
	}

}
