package io.netpoldemo.netpol.firewall;

/**
 * A port range of one protocol that a rule lets through.
 *
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port the (first) port, {@code null} for every port of that protocol; named ports arrive resolved
 * @param endPort the last port of a range (inclusive), {@code null} for a single port
 */
public record PortMatch(String protocol, Integer port, Integer endPort) {
}
