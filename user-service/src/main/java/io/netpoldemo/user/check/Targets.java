package io.netpoldemo.user.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured targets, validated once at startup, in a fixed order: peers, cross-namespace, internet, other groups
 * alphabetically, and by name within a group. Configuration order would shift with every override, since Spring
 * merges the targets map from several sources.
 */
final class Targets {

	private static final Set<String> RESERVED = Set.of("all", "dns", "services");

	private static final List<String> GROUP_ORDER = List.of("peers", "cross-namespace", "internet");

	private static final Comparator<Target> ORDER = Comparator
		.comparingInt((Target target) -> GROUP_ORDER.contains(target.group()) ? GROUP_ORDER.indexOf(target.group())
				: GROUP_ORDER.size())
		.thenComparing(Target::group)
		.thenComparing(Target::name);

	private final Map<String, Target> byName = new LinkedHashMap<>();

	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	private final Map<String, String> tokenHeader;

	private final List<String> tokenTargets;

	Targets(ChecksProperties properties) {
		List<Target> targets = new ArrayList<>();
		properties.targets().forEach((name, target) -> {
			this.endpoints.put(name, Endpoint.of(name, target.kind(), target.url()));
			targets.add(new Target(name, target.group(), target.kind(), target.url().strip()));
		});
		validateNames(targets);
		targets.sort(ORDER);
		targets.forEach((target) -> this.byName.put(target.name(), target));
		this.tokenHeader = Map.of("Authorization", "Bearer " + properties.token().value());
		this.tokenTargets = List.copyOf(properties.token().targets());
	}

	/**
	 * {@code /check/{name}} takes a target or a group name, and {@code all} and {@code dns} come first: a target or
	 * group by one of those names, or a target named like a group, could never be checked on its own.
	 */
	private static void validateNames(List<Target> targets) {
		List<String> names = targets.stream().map(Target::name).toList();
		for (Target target : targets) {
			if (RESERVED.contains(target.name()) || RESERVED.contains(target.group())) {
				throw new IllegalArgumentException("checks.targets." + target.name() + ": 'all', 'dns' and 'services' are "
						+ "endpoints of their own and cannot name a target or a group; rename it");
			}
			if (names.contains(target.group())) {
				throw new IllegalArgumentException("checks.targets." + target.name() + ".group: '" + target.group()
						+ "' is also a target name, so /check/" + target.group() + " would be ambiguous; rename one");
			}
		}
	}

	List<Target> all() {
		return List.copyOf(this.byName.values());
	}

	Optional<Target> named(String name) {
		return Optional.ofNullable(this.byName.get(name));
	}

	List<String> groups() {
		return List.copyOf(new LinkedHashSet<>(this.byName.values().stream().map(Target::group).toList()));
	}

	List<Target> inGroup(String group) {
		List<Target> members = new ArrayList<>();
		this.byName.values().stream().filter((target) -> target.group().equals(group)).forEach(members::add);
		return members;
	}

	Endpoint endpoint(Target target) {
		Endpoint endpoint = this.endpoints.get(target.name());
		if (endpoint == null || !this.byName.get(target.name()).equals(target)) {
			// Only configured targets are ever called: the service must not become an open proxy.
			throw new IllegalArgumentException("'" + target.name() + "' is not a configured target");
		}
		return endpoint;
	}

	Map<String, String> headers(Target target) {
		return this.tokenTargets.contains(target.name()) ? this.tokenHeader : Map.of();
	}

}
