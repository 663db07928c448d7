/**
 * The policies of a cluster as per-pod packet filter input: {@link io.netpoldemo.netpol.firewall.FirewallPlanner}
 * turns selectors into pod IPs and named ports into numbers, giving a
 * {@link io.netpoldemo.netpol.firewall.FirewallPlan} of {@link io.netpoldemo.netpol.firewall.PodFirewall}s whose
 * {@link io.netpoldemo.netpol.firewall.AllowRule}s hold {@link io.netpoldemo.netpol.firewall.AddressMatch}es and
 * {@link io.netpoldemo.netpol.firewall.PortMatch}es.
 */
package io.netpoldemo.netpol.firewall;
