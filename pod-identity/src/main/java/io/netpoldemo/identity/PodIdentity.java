package io.netpoldemo.identity;

import java.util.Map;

/**
 * Who is answering: the service and the pod it runs in.
 * <p>
 * Inside Kubernetes the pod fields come from the Downward API ({@code POD_NAME}, {@code POD_NAMESPACE},
 * {@code POD_IP}); outside they are {@code null} and the hostname says where the process runs.
 *
 * @param service the application name
 * @param version the build version, from build-info
 * @param podName the pod name, or {@code null} outside Kubernetes
 * @param namespace the pod namespace, or {@code null} outside Kubernetes
 * @param podIp the pod IP, or {@code null} outside Kubernetes
 * @param hostname the host (in Kubernetes: the pod) name
 */
public record PodIdentity(String service, String version, String podName, String namespace, String podIp,
		String hostname) {

	/**
	 * Reads the identity from environment variables as the Downward API sets them.
	 * @param service the application name
	 * @param version the build version
	 * @param env the environment, usually {@link System#getenv()}
	 * @return the identity
	 */
	public static PodIdentity from(String service, String version, Map<String, String> env) {
		return new PodIdentity(service, version, blankToNull(env.get("POD_NAME")),
				blankToNull(env.get("POD_NAMESPACE")), blankToNull(env.get("POD_IP")), Hostname.of(env));
	}

	/**
	 * Whether this runs as a Kubernetes pod with the Downward API variables set.
	 * @return {@code true} when the pod name is known
	 */
	public boolean inKubernetes() {
		return this.podName != null;
	}

	/**
	 * A short label for headers and tables: {@code namespace/pod} in Kubernetes, {@code local run on host} outside.
	 * @return the label
	 */
	public String where() {
		return inKubernetes() ? ((this.namespace != null) ? this.namespace + "/" : "") + this.podName
				: "local run on " + this.hostname;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
