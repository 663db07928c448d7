/**
 * Connections over the whole port space, from the evaluator's model: {@link io.netpoldemo.netpol.connections.PortSet}
 * and {@link io.netpoldemo.netpol.connections.ConnectionSet} (the port-range algebra of TCP, UDP and SCTP),
 * {@link io.netpoldemo.netpol.connections.ConnectionList} (every connection between workloads and address ranges, from
 * {@link io.netpoldemo.netpol.PolicyEvaluator#connections()}), {@link io.netpoldemo.netpol.connections.ConnectivityDiff}
 * (what a change opens, closes or changes) and their output formats, which are netpol-analyzer's
 * ({@link io.netpoldemo.netpol.connections.ListFormat}, {@link io.netpoldemo.netpol.connections.DiffFormat}).
 */
package io.netpoldemo.netpol.connections;
