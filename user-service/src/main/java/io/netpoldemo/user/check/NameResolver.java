package io.netpoldemo.user.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves a name afresh on every call, asking the DNS servers itself through the JDK's JNDI DNS provider.
 * <p>
 * The JVM's own resolver caches answers (30 s by default, and failures too), which would hide a policy change, and it
 * cannot tell "no such name" from "the resolver never answered". Talking DNS directly gives both: no cache, and
 * {@link NameNotFoundException} versus a timeout.
 */
final class NameResolver {

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private final ChecksProperties.Dns dns;

	private final Duration timeout;

	NameResolver(ChecksProperties.Dns dns, Duration timeout) {
		this.dns = dns;
		this.timeout = timeout;
	}

	/**
	 * Resolves a host: IP literals as they are, then the hosts file, then DNS through the search domains.
	 * @param host the host name or IP literal
	 * @return the first address, IPv4 preferred
	 * @throws NameResolutionException when the name does not resolve
	 */
	InetAddress resolve(String host) throws NameResolutionException {
		if (isIpLiteral(host)) {
			try {
				return InetAddress.getByName(host);
			}
			catch (UnknownHostException ex) {
				throw new NameResolutionException("'" + host + "' is not a valid IP address", false);
			}
		}
		InetAddress fromHosts = fromHostsFile(host);
		if (fromHosts != null) {
			return fromHosts;
		}
		return fromDns(host);
	}

	/**
	 * Whether a host is an IP literal rather than a name: an IPv4 dotted quad, or IPv6 (any colon).
	 * @param host the host, without IPv6 brackets
	 * @return {@code true} for an IP literal
	 */
	static boolean isIpLiteral(String host) {
		return IPV4_LITERAL.matcher(host).matches() || host.contains(":");
	}

	private InetAddress fromDns(String host) throws NameResolutionException {
		ResolverSettings settings = ResolverSettings.of(this.dns);
		if (settings.servers().isEmpty()) {
			throw new NameResolutionException("no DNS server configured (none in " + this.dns.resolvConf()
					+ " and checks.dns.servers is empty)", true);
		}
		List<String> candidates = settings.candidates(host);
		long started = System.nanoTime();
		long deadline = started + this.timeout.toNanos();
		for (String candidate : candidates) {
			for (String type : new String[] { "A", "AAAA" }) {
				long remainingMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
				if (remainingMs <= 0) {
					throw noAnswer(settings, started, null);
				}
				try {
					InetAddress address = query(settings.servers(), candidate, type, remainingMs);
					if (address != null) {
						return address;
					}
				}
				catch (NameNotFoundException ex) {
					break;
				}
				catch (CommunicationException ex) {
					// A resolver that does not answer for one candidate will not answer for the next either.
					throw noAnswer(settings, started, ex.getRootCause());
				}
				catch (NamingException ex) {
					throw new NameResolutionException("the DNS server answered with an error for '" + candidate
							+ "': " + ex.getExplanation(), false);
				}
			}
		}
		throw new NameResolutionException("no such name: the resolver answered NXDOMAIN for " + String.join(", ",
				candidates), false);
	}

	/**
	 * Says what happened to a query that got no DNS answer, from its cause and how long it took: a drop (silence
	 * until the timeout), a refusal (ICMP port unreachable: nothing listens there), or a send the kernel refused.
	 */
	private NameResolutionException noAnswer(ResolverSettings settings, long started, Throwable cause) {
		long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
		String servers = String.join(", ", settings.servers());
		String message = (cause != null && cause.getMessage() != null) ? cause.getMessage() : "";
		// A packet filter in this host's own network namespace (a host firewall) makes the kernel refuse the UDP send
		// outright; a network plugin dropping it on the node leaves the resolver silent instead.
		if (message.contains("Operation not permitted")) {
			return new NameResolutionException("the DNS query to " + servers + " was dropped before it left this host"
					+ " (Operation not permitted, after " + elapsedMs + " ms): a packet filter blocks DNS egress", true);
		}
		if (cause instanceof PortUnreachableException || message.contains("Port Unreachable")) {
			return new NameResolutionException("the DNS server " + servers + " refused the query after " + elapsedMs
					+ " ms (ICMP port unreachable): nothing listens for DNS there, the DNS server is down", true);
		}
		if (cause == null || cause instanceof SocketTimeoutException || elapsedMs >= this.timeout.toMillis()) {
			return new NameResolutionException("the DNS server " + servers + " did not answer within " + elapsedMs
					+ " ms: a policy drops DNS egress, or the DNS server is down", true);
		}
		return new NameResolutionException("the DNS query to " + servers + " failed after " + elapsedMs + " ms: "
				+ cause, true);
	}

	private static InetAddress query(List<String> servers, String name, String type, long timeoutMs)
			throws NamingException {
		Hashtable<String, Object> env = new Hashtable<>();
		env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
		env.put(Context.PROVIDER_URL, String.join(" ", servers.stream().map(NameResolver::url).toList()));
		// One try per server inside the overall DNS timeout, instead of JNDI's default of 1 s doubled over 4 retries.
		env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeoutMs / servers.size())));
		env.put("com.sun.jndi.dns.timeout.retries", "1");
		DirContext context = new InitialDirContext(env);
		try {
			Attributes attributes = context.getAttributes(name + ".", new String[] { type });
			Attribute records = attributes.get(type);
			if (records == null || records.size() == 0) {
				return null;
			}
			return InetAddress.getByName(records.get(0).toString());
		}
		catch (UnknownHostException ex) {
			return null;
		}
		finally {
			context.close();
		}
	}

	private static String url(String server) {
		String trimmed = server.strip();
		if (trimmed.chars().filter((c) -> c == ':').count() > 1 && !trimmed.startsWith("[")) {
			return "dns://[" + trimmed + "]";
		}
		return "dns://" + trimmed;
	}

	private InetAddress fromHostsFile(String host) {
		String wanted = host.toLowerCase(Locale.ROOT);
		try {
			for (String line : Files.readAllLines(this.dns.hostsFile())) {
				int comment = line.indexOf('#');
				String[] words = ((comment >= 0) ? line.substring(0, comment) : line).strip().split("\\s+");
				for (int i = 1; i < words.length; i++) {
					if (words[i].toLowerCase(Locale.ROOT).equals(wanted)) {
						return InetAddress.getByName(words[0]);
					}
				}
			}
		}
		catch (IOException ex) {
			// No hosts file: DNS alone decides.
		}
		return null;
	}

}
