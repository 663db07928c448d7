/**
 * A NetworkPolicy evaluator: what the {@code networking.k8s.io/v1} policies of a cluster say about a connection,
 * and why. Plain Java over fabric8's model types; no Spring.
 * <ul>
 * <li>{@link io.netpoldemo.netpol.Cluster}: namespaces, pods, Services and policies; {@code Cluster.of(...)} builds
 * one from objects read from the API, {@link io.netpoldemo.netpol.ManifestLoader#load(java.util.List)} from YAML
 * files and directories, throwing {@link io.netpoldemo.netpol.ManifestException} (file, document, field).</li>
 * <li>{@link io.netpoldemo.netpol.PolicyEvaluator}: pod-to-pod verdicts
 * ({@code evaluate(from, to, port, protocol)}) and call verdicts ({@code call(from, target)}: a URL,
 * {@code host:port}, Service name, IP), each an {@link io.netpoldemo.netpol.Evaluation}: a
 * {@link io.netpoldemo.netpol.Verdict} (ALLOWED, DENIED, UNKNOWN), the {@link io.netpoldemo.netpol.Stage} where it
 * stops (DNS, CONNECT, NONE), a one-line reason and the full explanation; {@code verdict(from, to, port, protocol)}
 * skips the explanation, and {@link io.netpoldemo.netpol.Reachability} is the matrix over every pair. An evaluator
 * is an immutable snapshot, safe to share between threads.</li>
 * <li>{@link io.netpoldemo.netpol.PolicyEvaluator#connections()}: every connection between workloads over the whole
 * port space, and {@link io.netpoldemo.netpol.connections.ConnectivityDiff} between two of them (package
 * {@code connections}).</li>
 * <li>{@link io.netpoldemo.netpol.PolicyLinter}: the mistakes people make most often.</li>
 * <li>{@link io.netpoldemo.netpol.firewall.FirewallPlanner}: the per-pod allow lists a packet filter enforces.</li>
 * </ul>
 */
package io.netpoldemo.netpol;
