package io.netpoldemo.lab.matrix;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netpoldemo.lab.LabCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to {@code lab matrix}: exit 2 with a message naming what was wrong, found before anything is built (no
 * root needed to see it).
 */
class MatrixCommandTests {

	private static final String PODS = """
			apiVersion: v1
			kind: Pod
			metadata: {name: web, namespace: shop, labels: {app: web}}
			spec:
			  containers:
			  - name: web
			    image: nginx
			    ports: [{name: http, containerPort: 80}]
			---
			apiVersion: v1
			kind: Pod
			metadata: {name: db, namespace: shop, labels: {app: db}}
			spec:
			  containers:
			  - {name: db, image: postgres, ports: [{name: pg, containerPort: 5432}]}
			---
			apiVersion: v1
			kind: Pod
			metadata: {name: job, namespace: shop}
			spec:
			  containers:
			  - {name: job, image: busybox}
			""";

	@TempDir
	Path dir;

	@Test
	void aManifestTheEvaluatorRejectsIsExitTwoWithItsMessage() throws IOException {
		Path pods = write("pods.yaml", PODS);
		Path policy = write("bad.yaml", """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: bad, namespace: shop}
				spec:
				  podSelector: {}
				  ingress:
				  - from:
				    - ipBlock: {cidr: 10.0.0.0/33}
				""");
		Run run = matrix("-f", pods.toString(), policy.toString());
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).startsWith("lab matrix: ").contains("bad.yaml").contains("10.0.0.0/33");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void morePodsThanTheRangeHoldsAreRefusedWithTheLimit() throws IOException {
		Run run = matrix("-f", write("pods.yaml", PODS).toString(), "--pod-range", "10.250.0.0/30");
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("3 pods").contains("10.250.0.0/30, which holds 2 addresses");
	}

	@Test
	void badPortProtocolTimeoutViaAndPrefixAreExitTwo() throws IOException {
		String pods = write("pods.yaml", PODS).toString();
		assertThat(matrix("-f", pods, "--port", "70000").err()).contains("out of range 1-65535");
		assertThat(matrix("-f", pods, "--protocol", "ICMP").err()).contains("use TCP, UDP or SCTP");
		assertThat(matrix("-f", pods, "--timeout", "soon").err()).contains("not a duration such as 1s or 500ms");
		assertThat(matrix("-f", pods, "--prefix", "../x").err()).contains("--prefix must look like");
		for (String[] args : List.of(new String[] { "--port", "70000" }, new String[] { "--protocol", "ICMP" },
				new String[] { "--timeout", "soon" }, new String[] { "--prefix", "../x" },
				new String[] { "--via", "node" })) {
			List<String> all = new ArrayList<>(List.of("-f", pods));
			all.addAll(List.of(args));
			assertThat(matrix(all.toArray(String[]::new)).exitCode()).as(String.join(" ", args)).isEqualTo(2);
		}
	}

	@Test
	void podsWhoseAddressesWouldShareALinkNameAreRefused() throws IOException {
		String pods = PODS.replace("metadata: {name: web, namespace: shop, labels: {app: web}}",
				"metadata: {name: web, namespace: shop, labels: {app: web}}\nstatus: {podIP: 10.0.1.7}")
			.replace("metadata: {name: db, namespace: shop, labels: {app: db}}",
					"metadata: {name: db, namespace: shop, labels: {app: db}}\nstatus: {podIP: 10.9.1.7}");
		Run run = matrix("-f", write("pods.yaml", pods).toString());
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("end in the same 16 bits");
	}

	@Test
	void aMissingFileIsExitTwo() {
		Run run = matrix("-f", this.dir.resolve("nope.yaml").toString());
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("nope.yaml: no such file or directory");
	}

	@Test
	void manifestsWithoutAWorkloadAreExitTwo() throws IOException {
		Run run = matrix("-f", write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n").toString());
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("no workload");
	}

	static Run matrix(String... args) {
		CommandLine line = LabCommand.commandLine();
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		line.setOut(new PrintWriter(out));
		line.setErr(new PrintWriter(err));
		List<String> all = new ArrayList<>(List.of("matrix"));
		all.addAll(List.of(args));
		int code = line.execute(all.toArray(String[]::new));
		return new Run(code, out.toString(), err.toString());
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(this.dir.resolve(name), text);
	}

	record Run(int exitCode, String out, String err) {
	}

}
