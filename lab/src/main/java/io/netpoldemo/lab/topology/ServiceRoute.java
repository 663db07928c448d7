package io.netpoldemo.lab.topology;

/**
 * One translation of a Service's virtual address to a pod, as kube-proxy programs it.
 *
 * @param service the Service, as {@code namespace/name}
 * @param clusterIp the Service's virtual IP
 * @param protocol TCP, UDP or SCTP
 * @param port the Service port
 * @param podIp the backing pod's address, or {@code null} when no pod is selected
 * @param targetPort the pod port, resolved from a name where needed
 */
public record ServiceRoute(String service, String clusterIp, String protocol, int port, String podIp,
		int targetPort) {

	/**
	 * Whether a pod backs this route; a Service without endpoints rejects connections, as kube-proxy makes it do.
	 * @return true when a pod is selected
	 */
	public boolean hasEndpoint() {
		return this.podIp != null;
	}

}
