package io.netpoldemo.netpol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpoldemo.netpol.cli.NetpolCommandTests.Result;
import org.junit.jupiter.api.Test;

import static io.netpoldemo.netpol.cli.NetpolCommandTests.resource;
import static io.netpoldemo.netpol.cli.NetpolCommandTests.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code netpol list} and {@code netpol diff}: netpol-analyzer's formats, exit codes, bad input. */
class ListAndDiffCommandTests {

	private static final String MODEL = resource("xyz/model.yaml");

	private static final String CIDR = resource("connections/a-to-y-cidr.yaml");

	/** Egress address ranges are cut at every egress ipBlock boundary, for every workload, as netpol-analyzer does. */
	@Test
	void listTxtIsNetpolAnalyzersLineFormatSorted() {
		Result result = run("list", "-f", MODEL, CIDR);
		assertThat(result.code()).isZero();
		assertThat(result.out()).startsWith("0.0.0.0-255.255.255.255[External] => x/a[Pod] : All Connections\n")
			.contains("""
					x/a[Pod] => 10.0.2.0-10.0.2.2[External] : TCP 80-81,UDP 53
					x/a[Pod] => 10.0.2.4-10.0.2.255[External] : TCP 80-81,UDP 53
					x/a[Pod] => y/a[Pod] : TCP 80-81,UDP 53
					x/a[Pod] => y/b[Pod] : TCP 80-81,UDP 53
					x/b[Pod] => 0.0.0.0-10.0.1.255[External] : All Connections
					x/b[Pod] => 10.0.2.0-10.0.2.2[External] : All Connections
					x/b[Pod] => 10.0.2.3-10.0.2.3[External] : All Connections
					""")
			.doesNotContain("x/a[Pod] => y/c[Pod]", "x/a[Pod] => x/a[Pod]");
		assertThat(result.out().lines().toList()).isSorted().hasSize(117);
	}

	@Test
	void listCsvAndMdHaveNetpolAnalyzersHeadersAndQuoting() {
		assertThat(run("list", "-f", MODEL, CIDR, "-o", "csv").out()).startsWith("src,dst,conn\n")
			.contains("x/a[Pod],y/a[Pod],\"TCP 80-81,UDP 53\"\n");
		assertThat(run("list", "-f", MODEL, CIDR, "-o", "md").out())
			.startsWith("| src | dst | conn |\n|-----|-----|------|\n")
			.contains("| x/a[Pod] | y/a[Pod] | TCP 80-81,UDP 53 |\n");
	}

	@Test
	void listJsonCarriesPortRangesAndTheRulesOfEachSide() throws Exception {
		JsonNode json = new ObjectMapper().readTree(run("list", "-f", MODEL, CIDR, "-o", "json").out());
		JsonNode toYa = null;
		for (JsonNode connection : json) {
			if (connection.get("src").textValue().equals("x/a[Pod]") && connection.get("dst").textValue().equals("y/a[Pod]")) {
				toYa = connection;
			}
		}
		assertThat(toYa).isNotNull();
		assertThat(toYa.properties()).extracting(java.util.Map.Entry::getKey)
			.startsWith("src", "dst", "conn", "connections");
		assertThat(toYa.get("conn").textValue()).isEqualTo("TCP 80-81,UDP 53");
		assertThat(toYa.get("connections").get(0).get("protocol").textValue()).isEqualTo("TCP");
		assertThat(toYa.get("connections").get(0).get("ranges").get(0).get("from").intValue()).isEqualTo(80);
		assertThat(toYa.get("connections").get(0).get("ranges").get(0).get("to").intValue()).isEqualTo(81);
		assertThat(toYa.get("egress").get("isolated").booleanValue()).isTrue();
		assertThat(toYa.get("egress").get("rules").get(0).textValue()).isEqualTo("x/a-to-y-cidr egress[0]");
		assertThat(toYa.get("ingress").get("isolated").booleanValue()).isFalse();
	}

	@Test
	void listMermaidGroupsWorkloadsByNamespace() {
		String mermaid = run("list", "-f", MODEL, CIDR, "-o", "mermaid").out();
		assertThat(mermaid).startsWith("flowchart LR\n  subgraph ns0[\"x\"]\n    w0[\"a[Pod]\"]\n")
			.contains(" -->|\"TCP 80-81,UDP 53\"| ");
	}

	@Test
	void unknownFormatNamesTheValidOnes() {
		Result result = run("list", "-f", MODEL, "-o", "xml");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.err()).contains("txt, json, csv, md, dot, mermaid").contains("xml");
		assertThat(run("diff", "--before", MODEL, "--after", MODEL, "-o", "dot").err())
			.contains("txt, json, csv, md");
	}

	@Test
	void badInputExitsTwoWithFileDocumentAndField() {
		Result list = run("list", "-f", resource("invalid/wrong-type.yaml"));
		assertThat(list.code()).isEqualTo(2);
		assertThat(list.err()).contains("wrong-type.yaml").contains("document");
		Result diff = run("diff", "--before", MODEL, "--after", resource("invalid/broken.yaml"));
		assertThat(diff.code()).isEqualTo(2);
		assertThat(diff.err()).contains("broken.yaml");
	}

	@Test
	void diffPrintsChangedAddedRemovedAndExitsOne() {
		Result result = run("diff", "--before", MODEL, "--after", MODEL, CIDR);
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.out()).startsWith("Connectivity diff:\n"
				+ "diff-type: changed, source: x/a[Pod], destination: 10.0.2.0-10.0.2.2[External], ref1: All Connections,"
				+ " ref2: TCP 80-81,UDP 53\n")
			.contains("diff-type: removed, source: x/a[Pod], destination: 10.0.2.3-10.0.2.3[External],"
					+ " ref1: All Connections, ref2: No Connections\n")
			.contains("diff-type: removed, source: x/a[Pod], destination: y/c[Pod], ref1: All Connections,"
					+ " ref2: No Connections\n");
		Result back = run("diff", "--before", MODEL, CIDR, "--after", MODEL, "-o", "csv");
		assertThat(back.code()).isEqualTo(1);
		assertThat(back.out()).startsWith("diff-type,source,destination,ref1,ref2,workloads-diff-info\n")
			.contains("added,x/a[Pod],y/c[Pod],No Connections,All Connections,\n");
	}

	@Test
	void diffOfTheSameConfigurationIsEmptyAndExitsZero() {
		Result result = run("diff", "--before", MODEL, "--after", MODEL);
		assertThat(result.code()).isZero();
		assertThat(result.out()).isEmpty();
	}

	@Test
	void diffNamesWorkloadsThatAppear() throws Exception {
		Result result = run("diff", "--before", resource("demo/services.yaml"), "--after", resource("demo/services.yaml"),
				MODEL, "-n", "netpol-demo", "-o", "json");
		assertThat(result.code()).isEqualTo(1);
		JsonNode json = new ObjectMapper().readTree(result.out());
		assertThat(json.get("workloads_added")).hasSize(9);
		JsonNode added = json.get("changes").get(0);
		assertThat(added.get("diff-type").textValue()).isEqualTo("added");
		assertThat(added.get("workloads-diff-info").textValue()).startsWith("workload ").endsWith(" added");
		assertThat(added.get("ref1_rules").isNull()).isTrue();
	}

	@Test
	void diffOfCallsComparesOnePodsCallsBeforeAndAfterAsExplainEvaluatesThem() throws Exception {
		String services = resource("demo/services.yaml");
		String specific = resource("demo/policies/user-specific-rules-with-dns.yaml");
		Result result = run("diff", "-n", "netpol-demo", "--before", services, "--after", services, specific, "--from",
				"netpol-demo/app=user-app-pod", "--to", "auth=http://auth-app-service:8124/authenticate",
				"hello=http://helloworld-app-service:8889/");
		assertThat(result.code()).as(result.err()).isEqualTo(1);
		assertThat(result.out().lines().toList()).first().asString().startsWith("TARGET  BEFORE   AFTER    CHANGE");
		assertThat(result.out()).containsPattern("hello +ALLOWED +DENIED +changed +no egress rule of "
				+ "netpol-demo/user-app-specific-rules-with-dns allows TCP 8888");
		// The same evaluation as explain's, side by side.
		Result explain = run("explain", "-n", "netpol-demo", "--brief", "--from", "netpol-demo/app=user-app-pod", "--to",
				"hello=http://helloworld-app-service:8889/", "-f", services, specific);
		assertThat(explain.out()).contains("no egress rule of netpol-demo/user-app-specific-rules-with-dns allows TCP 8888");

		Result same = run("diff", "-n", "netpol-demo", "--before", services, specific, "--after", specific, services,
				"--from", "netpol-demo/app=user-app-pod", "--to", "http://auth-app-service:8124/", "-o", "json");
		assertThat(same.code()).as(same.err()).isZero();
		JsonNode json = new ObjectMapper().readTree(same.out());
		assertThat(json.get("calls")).singleElement().satisfies((call) -> {
			assertThat(call.get("changed").booleanValue()).isFalse();
			assertThat(call.get("before").get("verdict").textValue()).isEqualTo("ALLOWED");
			assertThat(call.get("after")).isEqualTo(call.get("before"));
		});

		Result alone = run("diff", "--before", services, "--after", services, "--from", "netpol-demo/app=user-app-pod");
		assertThat(alone.code()).isEqualTo(2);
		assertThat(alone.err()).contains("--from and --to go together");
		Result csv = run("diff", "--before", services, "--after", services, "--from", "netpol-demo/app=user-app-pod",
				"--to", "http://auth-app-service:8124/", "-o", "csv");
		assertThat(csv.code()).isEqualTo(2);
		assertThat(csv.err()).contains("with --from and --to, -o is txt or json");
	}

}
