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
 * The targets of a {@link CheckService}, validated once, in a fixed order: peers, cross-namespace, internet, other
 * groups alphabetically, and by name within a group. Configuration order would shift with every override, since
 * Spring merges the targets map from several sources. The configured targets are read at startup; discovered ones
 * come as {@link Target}s, whose URLs are parsed already.
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

	private final Map<String, String> tokenHeader;

	private final List<String> tokenTargets;

	/**
	 * The configured targets, with the token for those that get it.
	 * @param properties the configuration
	 */
	Targets(ChecksProperties properties) {
		this(properties.targets()
			.entrySet()
			.stream()
			.map((entry) -> new Target(entry.getKey(), entry.getValue().group(), entry.getValue().kind(),
					entry.getValue().url()))
			.toList(), properties.token().value(), properties.token().targets());
	}

	/**
	 * Targets found at run time: no token is sent to them.
	 * @param discovered the targets, with distinct names
	 */
	Targets(List<Target> discovered) {
		this(discovered, "", List.of());
	}

	private Targets(List<Target> targets, String token, List<String> tokenTargets) {
		List<Target> sorted = new ArrayList<>(targets);
		validateNames(sorted);
		sorted.sort(ORDER);
		sorted.forEach((target) -> this.byName.put(target.name(), target));
		this.tokenHeader = Map.of("Authorization", "Bearer " + token);
		this.tokenTargets = List.copyOf(tokenTargets);
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
		if (!target.equals(this.byName.get(target.name()))) {
			// Only configured targets are ever called: the service must not become an open proxy.
			throw new IllegalArgumentException("'" + target.name() + "' is not a configured target");
		}
		return target.endpoint();
	}

	Map<String, String> headers(Target target) {
		return this.tokenTargets.contains(target.name()) ? this.tokenHeader : Map.of();
	}

}
