package io.netpoldemo.lab.topology;

import java.util.List;

/**
 * A Service of the lab: its virtual IP and how each of its ports translates to a pod.
 *
 * @param namespace the Kubernetes namespace
 * @param name the Service name
 * @param clusterIp the virtual IP every pod namespace translates
 * @param routes one translation per Service port
 */
public record LabService(String namespace, String name, String clusterIp, List<ServiceRoute> routes) {

	/**
	 * The name the cluster DNS answers for this Service.
	 * @return {@code <name>.<namespace>.svc.cluster.local}
	 */
	public String dnsName() {
		return this.name + "." + this.namespace + ".svc." + Addressing.CLUSTER_DOMAIN;
	}

}
