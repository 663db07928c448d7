package io.netpoldemo.netpol;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's services and scenarios from the test fixtures (copies of {@code k8s/}). */
final class Demo {

	static final String USER = "netpol-demo/user-app";

	/** The user service's targets, as its /check endpoints call them. */
	static final Map<String, String> TARGETS = targets();

	private Demo() {
	}

	static Cluster with(String... scenarios) {
		List<Path> paths = new ArrayList<>();
		paths.add(resource("demo/services.yaml"));
		for (String scenario : scenarios) {
			paths.add(resource("demo/policies/" + scenario + ".yaml"));
		}
		return ManifestLoader.load(paths, "netpol-demo");
	}

	static Path resource(String name) {
		try {
			return Path.of(Demo.class.getClassLoader().getResource(name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> targets() {
		Map<String, String> targets = new LinkedHashMap<>();
		targets.put("auth", "http://auth-app-service:8124/authenticate");
		targets.put("hello", "http://helloworld-app-service:8889/");
		targets.put("github", "https://api.github.com/users/octocat");
		targets.put("httpbin", "https://httpbin.org/ip");
		targets.put("kube-dns", "kube-dns.kube-system.svc.cluster.local:53");
		targets.put("argocd", "http://argocd-server.argocd.svc.cluster.local/");
		return targets;
	}

}
