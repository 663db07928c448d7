package io.netpoldemo.lab.topology;

/**
 * What the lab runs in a pod's network namespace, chosen by the container image.
 */
public enum PodRuntime {

	/** One of the demo's Spring Boot services, run from its jar ({@code netpol-demo/<module>}). */
	SERVICE_JAR,

	/** The cluster DNS, served by dnsmasq ({@code lab/dnsmasq}). */
	DNSMASQ,

	/** The lab's small HTTP server ({@code lab/http-server}), standing in for Argo CD. */
	HTTP_SERVER;

	static final String SERVICE_IMAGE_PREFIX = "netpol-demo/";

	static PodRuntime forImage(String image, String where) {
		String name = stripTag(image);
		if (name.startsWith(SERVICE_IMAGE_PREFIX)) {
			return SERVICE_JAR;
		}
		return switch (name) {
			case "lab/dnsmasq" -> DNSMASQ;
			case "lab/http-server" -> HTTP_SERVER;
			default -> throw new LabException(where + ": the lab cannot run image '" + image
					+ "'; it runs the demo's own images (" + SERVICE_IMAGE_PREFIX + "<module>) from their jars");
		};
	}

	/**
	 * The Maven module whose jar runs an image of the demo, e.g. {@code user-service}.
	 * @param image the container image
	 * @return the module name
	 */
	static String module(String image) {
		return stripTag(image).substring(SERVICE_IMAGE_PREFIX.length());
	}

	private static String stripTag(String image) {
		int slash = image.lastIndexOf('/');
		int colon = image.lastIndexOf(':');
		return (colon > slash) ? image.substring(0, colon) : image;
	}

}
