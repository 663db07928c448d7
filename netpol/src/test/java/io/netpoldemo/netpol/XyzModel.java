package io.netpoldemo.netpol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream e2e network policy model: namespaces x, y, z (labelled {@code ns: <name>}), each with pods a, b, c
 * (labelled {@code pod: <name>}) serving ports 80 and 81 on TCP, UDP and SCTP, named {@code serve-80-tcp} and so on.
 * Pod IPs are 10.0.N.M with N the namespace and M the pod (x/a is 10.0.1.1, z/c is 10.0.3.3). One source: the
 * manifests in {@code xyz/model.yaml}, which {@code lab matrix} builds in the kernel too.
 */
final class XyzModel {

	static final List<String> NAMESPACES = List.of("x", "y", "z");

	static final List<String> PODS = List.of("a", "b", "c");

	private static final String MODEL = "xyz/model.yaml";

	private XyzModel() {
	}

	static Cluster cluster(String policiesYaml) {
		Cluster model = ManifestLoader.parse(read(MODEL), Path.of(MODEL), "x");
		if (policiesYaml == null || policiesYaml.isBlank()) {
			return model;
		}
		return model.withPolicies(ManifestLoader.parse(policiesYaml, Path.of("policies.yaml"), "x").policies());
	}

	private static String read(String resource) {
		try (InputStream in = XyzModel.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the test class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> podIds() {
		List<String> ids = new ArrayList<>();
		for (String namespace : NAMESPACES) {
			for (String pod : PODS) {
				ids.add(namespace + "/" + pod);
			}
		}
		return ids;
	}

}
