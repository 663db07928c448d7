package io.netpoldemo.netpol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netpoldemo.netpol.connections.ConnectionList;
import io.netpoldemo.netpol.connections.ConnectivityDiff;
import io.netpoldemo.netpol.connections.Peer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which workloads {@code list} shows, and how a what-if narrows a list and a diff to some workloads. */
class WorkloadListTests {

	private static final String WORKLOADS = """
			apiVersion: batch/v1
			kind: Job
			metadata: {name: migrate}
			spec:
			  template:
			    metadata: {labels: {app: migrate}}
			    spec: {containers: [{name: c, image: i}], restartPolicy: Never}
			---
			apiVersion: batch/v1
			kind: CronJob
			metadata: {name: report}
			spec:
			  schedule: "@daily"
			  jobTemplate:
			    spec:
			      template:
			        metadata: {labels: {app: report}}
			        spec: {containers: [{name: c, image: i}], restartPolicy: Never}
			---
			apiVersion: apps/v1
			kind: DaemonSet
			metadata: {name: agent}
			spec:
			  selector: {matchLabels: {app: agent}}
			  template:
			    metadata: {labels: {app: agent}}
			    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
			---
			apiVersion: v1
			kind: Pod
			metadata:
			  name: web-7d77fb55cc-abcde
			  labels: {app: web}
			  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d77fb55cc, controller: true, uid: u1}]
			spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 80}]}]}
			status: {podIP: 10.1.0.1}
			---
			apiVersion: v1
			kind: Pod
			metadata:
			  name: web-7d77fb55cc-fghij
			  labels: {app: web}
			  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d77fb55cc, controller: true, uid: u1}]
			spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 80}]}]}
			status: {podIP: 10.1.0.2}
			---
			apiVersion: v1
			kind: Pod
			metadata: {name: debug, labels: {app: debug}}
			spec: {containers: [{name: c, image: i}]}
			""";

	private static final String WEB_ONLY_FROM_AGENT = """
			apiVersion: networking.k8s.io/v1
			kind: NetworkPolicy
			metadata: {name: web-from-agent}
			spec:
			  podSelector: {matchLabels: {app: web}}
			  ingress:
			  - from: [{podSelector: {matchLabels: {app: agent}}}]
			    ports: [{port: http}]
			""";

	@Test
	void everyKindIsAWorkloadAndPodsCountAsTheirController() {
		ConnectionList list = list(WORKLOADS);
		assertThat(list.workloads()).extracting(Peer::toString)
			.containsExactly("default/agent[DaemonSet]", "default/debug[Pod]", "default/migrate[Job]",
					"default/report[CronJob]", "default/web-7d77fb55cc[ReplicaSet]");
	}

	@Test
	void namedPortsResolveOnTheDestinationWorkload() {
		ConnectionList list = list(WORKLOADS + "---\n" + WEB_ONLY_FROM_AGENT);
		List<String> lines = lines(list);
		assertThat(lines).contains("default/agent[DaemonSet] => default/web-7d77fb55cc[ReplicaSet] : TCP 80")
			.noneMatch((line) -> line.startsWith("default/debug[Pod] => default/web"))
			.noneMatch((line) -> line.contains("=> default/web-7d77fb55cc[ReplicaSet]") && !line.contains("agent"));
	}

	@Test
	void aWhatIfNarrowsTheListAndTheDiffToSomeWorkloads() {
		ConnectionList before = list(WORKLOADS);
		ConnectionList after = list(WORKLOADS + "---\n" + WEB_ONLY_FROM_AGENT);
		Peer web = before.workloadOf("default/web-7d77fb55cc-fghij");
		assertThat(web).isEqualTo(Peer.workload("default", "web-7d77fb55cc", "ReplicaSet"));
		ConnectivityDiff diff = ConnectivityDiff.between(before.involving(web::equals), after.involving(web::equals));
		assertThat(diff.entries()).isNotEmpty()
			.allMatch((entry) -> entry.src().equals(web) || entry.dst().equals(web))
			.anyMatch((entry) -> entry.type() == ConnectivityDiff.Type.removed
					&& entry.src().toString().equals("default/debug[Pod]")
					&& entry.afterReasons() == null);
		assertThat(diff.entries()).filteredOn((entry) -> entry.src().toString().equals("default/agent[DaemonSet]"))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.type()).isEqualTo(ConnectivityDiff.Type.changed);
				assertThat(entry.after()).hasToString("TCP 80");
				assertThat(entry.afterReasons().ingress().rules()).containsExactly("default/web-from-agent ingress[0]");
			});
		assertThat(ConnectivityDiff.between(before.involving(web::equals), before.involving(web::equals)).isEmpty())
			.isTrue();
	}

	private static ConnectionList list(String yaml) {
		return new PolicyEvaluator(ManifestLoader.parse(yaml, Path.of("workloads.yaml"), "default")).connections();
	}

	private static List<String> lines(ConnectionList list) {
		List<String> lines = new ArrayList<>();
		list.forEach((connection) -> lines.add(connection.src() + " => " + connection.dst() + " : " + connection.conn()));
		return lines;
	}

}
