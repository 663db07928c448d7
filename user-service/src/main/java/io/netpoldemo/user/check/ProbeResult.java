package io.netpoldemo.user.check;

/**
 * What one probe observed, before timing, expectations and hints are added.
 *
 * @param outcome the classified outcome
 * @param status the HTTP status, or {@code null}
 * @param address the {@code ip:port} called, or {@code null} when the name did not resolve
 * @param detail what happened
 */
record ProbeResult(Outcome outcome, Integer status, String address, String detail) {
}
