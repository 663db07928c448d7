package io.netpoldemo.user.check;

/**
 * Something the user service calls to show whether the network lets it through.
 *
 * @param name the name used in {@code /check/{name}}
 * @param group the group ({@code peers}, {@code internet}, {@code cross-namespace})
 * @param kind how it is called
 * @param url what is called: {@code http(s)://host[:port]/path}, or {@code tcp://host:port} (or {@code host:port})
 */
public record Target(String name, String group, Kind kind, String url) {
}
