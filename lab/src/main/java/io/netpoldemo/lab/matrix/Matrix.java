package io.netpoldemo.lab.matrix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netpoldemo.lab.topology.LabException;
import io.netpoldemo.lab.topology.ServiceRoute;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.Reachability;
import io.netpoldemo.netpol.Verdict;

/**
 * One round of truth tables on a running {@link MatrixLab}: target (each ordered pair, the port resolved for the
 * destination pod) -> probe (from the source pod's agent, a new connection) -> outcome (connected and answered, or
 * not) -> expectation (the evaluator's verdict) -> report (the three tables).
 */
final class Matrix {

	private Matrix() {
	}

	/**
	 * Puts the cluster's policies in force and probes every pair for every query at once, so a round costs about one
	 * probe timeout however many queries it holds.
	 * @param cluster the lab's pods (with their addresses) and the policies to put in force
	 * @param viaService whether to probe each destination through its Service instead of its address
	 */
	static List<MatrixReport> measure(MatrixLab lab, Cluster cluster, List<PortQuery> queries, boolean viaService,
			Duration timeout) {
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		List<MatrixPod> pods = lab.topology().pods();
		List<String> ids = pods.stream().map(MatrixPod::id).toList();
		if (!evaluator.pods().equals(ids)) {
			throw new LabException("the evaluator sees pods " + evaluator.pods() + ", the lab runs " + ids);
		}
		lab.apply(cluster);
		List<Probe> probes = new ArrayList<>();
		int[][] ports = new int[queries.size()][pods.size()];
		for (int q = 0; q < queries.size(); q++) {
			for (int to = 0; to < pods.size(); to++) {
				ports[q][to] = port(evaluator, pods.get(to), queries.get(q));
				for (int from = 0; from < pods.size(); from++) {
					if (ports[q][to] > 0) {
						probes.add(new Probe(from, to, address(lab.topology(), pods.get(to), viaService), ports[q][to],
								queries.get(q).protocol()));
					}
				}
			}
		}
		List<Probe.Outcome> outcomes = lab.probe(probes, timeout);
		List<MatrixReport> reports = new ArrayList<>();
		int next = 0;
		for (int q = 0; q < queries.size(); q++) {
			PortQuery query = queries.get(q);
			PairResult[][] pairs = new PairResult[pods.size()][pods.size()];
			for (int to = 0; to < pods.size(); to++) {
				for (int from = 0; from < pods.size(); from++) {
					int port = ports[q][to];
					if (port < 0) {
						pairs[from][to] = PairResult.of(ids.get(from), ids.get(to), null, false,
								"does not serve " + query);
						continue;
					}
					// Probes were queued in this same order: query, destination, source.
					Probe.Outcome outcome = outcomes.get(next++);
					Verdict verdict = evaluator.verdict(ids.get(from), ids.get(to), port, query.protocol());
					pairs[from][to] = PairResult.of(ids.get(from), ids.get(to),
							(verdict == Verdict.UNKNOWN) ? null : verdict == Verdict.ALLOWED, outcome.connected(),
							outcome.detail());
				}
			}
			reports.add(new MatrixReport(query.port(), query.protocol(), viaService ? "service" : "pod", ids,
					java.util.Arrays.stream(pairs).flatMap(java.util.Arrays::stream).toList(),
					pods.stream().filter(MatrixPod::sourceOnly).map(MatrixPod::id).toList()));
		}
		return reports;
	}

	/**
	 * The port the destination serves for the query, or -1: a number it does not declare on that protocol, or a name
	 * the evaluator does not find on it (the evaluator resolves names, init containers included).
	 */
	private static int port(PolicyEvaluator evaluator, MatrixPod to, PortQuery query) {
		Integer number = new Reachability(query.port(), query.protocol(), List.of(), new Verdict[0][0]).portNumber();
		int resolved = (number != null) ? number : evaluator.containerPort(to.id(), query.port(), query.protocol());
		return (resolved > 0 && to.serves(resolved, query.protocol())) ? resolved : -1;
	}

	private static String address(MatrixTopology topology, MatrixPod to, boolean viaService) {
		if (!viaService) {
			return to.ip();
		}
		List<ServiceRoute> routes = topology.services().get(to.id());
		return routes.get(0).clusterIp();
	}

}
