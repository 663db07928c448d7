package io.netpoldemo.user.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolver as a pod sees it: nameservers, search domains and {@code ndots}, from configuration where given and
 * from resolv.conf otherwise. In Kubernetes and in the lab, short names such as {@code auth-app-service} only
 * resolve through the search domains.
 *
 * @param servers the DNS servers, {@code host} or {@code host:port}
 * @param search the search domains
 * @param ndots names with fewer dots try the search domains first
 */
record ResolverSettings(List<String> servers, List<String> search, int ndots) {

	static ResolverSettings of(ChecksProperties.Dns dns) {
		List<String> servers = new ArrayList<>();
		List<String> search = new ArrayList<>();
		int ndots = 1;
		for (String line : readLines(dns.resolvConf())) {
			String[] words = line.strip().split("\\s+");
			if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
				continue;
			}
			switch (words[0]) {
				case "nameserver" -> servers.add(words[1]);
				case "search", "domain" -> {
					search.clear();
					search.addAll(List.of(words).subList(1, words.length));
				}
				case "options" -> ndots = ndots(words, ndots);
				default -> {
					// sortlist, rotate...: no bearing on whether a name resolves.
				}
			}
		}
		return new ResolverSettings(dns.servers().isEmpty() ? servers : dns.servers(),
				dns.search().isEmpty() ? search : dns.search(), (dns.ndots() != null) ? dns.ndots() : ndots);
	}

	/**
	 * The names to query, in order, as glibc and musl try them.
	 * @param name the name as written in the target
	 * @return the fully qualified candidates
	 */
	List<String> candidates(String name) {
		if (name.endsWith(".")) {
			return List.of(name.substring(0, name.length() - 1));
		}
		List<String> searched = new ArrayList<>();
		for (String domain : this.search) {
			searched.add(name + "." + (domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain));
		}
		List<String> candidates = new ArrayList<>();
		boolean absoluteFirst = name.chars().filter((c) -> c == '.').count() >= this.ndots;
		if (absoluteFirst) {
			candidates.add(name);
		}
		candidates.addAll(searched);
		if (!absoluteFirst) {
			candidates.add(name);
		}
		return candidates;
	}

	private static int ndots(String[] words, int current) {
		for (String option : words) {
			if (option.startsWith("ndots:")) {
				try {
					return Integer.parseInt(option.substring("ndots:".length()));
				}
				catch (NumberFormatException ex) {
					return current;
				}
			}
		}
		return current;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
