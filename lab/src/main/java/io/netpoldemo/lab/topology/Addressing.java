package io.netpoldemo.lab.topology;

import java.util.Map;

/**
 * The lab's address plan. These ranges exist only inside the lab's network namespaces: no lab interface lives in the
 * host's namespace and the router namespace has no uplink, so they cannot clash with, or leak to, the host's networks.
 * The pod and Service ranges are kind's defaults, so what the lab shows reads like a real cluster.
 */
public final class Addressing {

	/** The pod network, on the bridge inside the router namespace. */
	public static final String POD_NETWORK = "10.244.0.0/24";

	/** The router's address on the pod bridge: every pod's default gateway. */
	public static final String POD_GATEWAY = "10.244.0.1";

	/** Pods get addresses from here on, in manifest order. */
	static final int FIRST_POD_HOST = 10;

	/** The Service (virtual IP) range; Services without a fixed clusterIP get addresses from .100 on. */
	public static final String SERVICE_NETWORK = "10.96.0.0/24";

	static final int FIRST_SERVICE_HOST = 100;

	/** The router's address on the "internet" link (RFC 5737 documentation range, never routed anywhere real). */
	public static final String INTERNET_GATEWAY = "203.0.113.1";

	/** The internet hosts the lab serves over HTTPS, and their addresses. */
	public static final Map<String, String> INTERNET_HOSTS = Map.of("api.github.com", "203.0.113.10", "httpbin.org",
			"203.0.113.11");

	/** The cluster's DNS domain. */
	public static final String CLUSTER_DOMAIN = "cluster.local";

	private Addressing() {
	}

	static String podIp(int index) {
		return host(POD_NETWORK, FIRST_POD_HOST + index);
	}

	static String serviceIp(int index) {
		return host(SERVICE_NETWORK, FIRST_SERVICE_HOST + index);
	}

	private static String host(String network, int host) {
		if (host > 254) {
			throw new LabException("the lab's " + network + " range is full: too many pods or Services");
		}
		String base = network.substring(0, network.lastIndexOf('.'));
		return base + "." + host;
	}

}
