package io.netpoldemo.user.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netpoldemo.netpol.Cluster;
import io.netpoldemo.netpol.PolicyEvaluator;

/**
 * What the NetworkPolicy verdicts depend on, kept current by watches: namespaces, pods, Services and
 * NetworkPolicies of the whole cluster (a call to {@code kube-dns.kube-system} is decided by kube-system's pods and
 * policies too). A check reads the informers' caches, never the API, so a hundred checks cost no API call; the
 * evaluator is rebuilt only after something changed.
 * <p>
 * The informers start without blocking the application: until they have listed everything, or when the API
 * refuses (RBAC) or cannot be reached, {@link #evaluator()} says why instead, and the checks go on without policy
 * information.
 * <p>
 * The caches hold each object cut down to what the evaluator reads ({@link EvaluatedFields}): 20,000 pods cost a few
 * MiB instead of a few hundred (docs/BENCHMARKS.md).
 */
class ClusterState implements PolicyState {

	private static final Comparator<HasMetadata> API_ORDER = Comparator
		.comparing((HasMetadata object) -> Objects.requireNonNullElse(object.getMetadata().getNamespace(), ""))
		.thenComparing((object) -> object.getMetadata().getName());

	/**
	 * Objects per page of the first listing: the whole list of a large cluster, deserialized at once, would need a
	 * heap several times what the reduced caches hold.
	 */
	private static final long LIST_PAGE = 500;

	static final String NOT_LISTED_YET = " yet (the watch is starting or retrying)";

	/**
	 * The least time between two builds on the watches' behalf: a cluster where pods churn all the time costs one
	 * build (about 50 ms for 20,000 pods) per this interval, not one per event.
	 */
	private static final Duration BUILD_SPACING = Duration.ofMillis(250);

	private final List<Watched<?>> watched;

	private final Watched<Namespace> namespaces;

	private final Watched<Pod> pods;

	private final Watched<Service> services;

	private final Watched<NetworkPolicy> policies;

	private final AtomicReference<Built> built = new AtomicReference<>();

	private final ExpectationsProperties.Scope scope;

	private final String ownNamespace;

	private volatile String buildFailure;

	/** Builds the evaluator as changes arrive, so that a round finds it built; one build at a time. */
	private final ScheduledExecutorService builder = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-evaluator");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean buildRequested = new AtomicBoolean();

	private volatile long lastBuildEnded = System.nanoTime() - BUILD_SPACING.toNanos();

	private final Object buildLock = new Object();

	ClusterState(KubernetesClient client) {
		this(client, ExpectationsProperties.Scope.CLUSTER, null);
	}

	/**
	 * Watches the cluster, or only {@code ownNamespace} when the service account may read no more
	 * ({@code k8s/components/namespaced-rbac}): namespaces are then not watched at all (only a ClusterRole grants
	 * them), and the evaluator knows the namespace by its {@code kubernetes.io/metadata.name} label.
	 */
	ClusterState(KubernetesClient client, ExpectationsProperties.Scope scope, String ownNamespace) {
		this.scope = scope;
		this.ownNamespace = ownNamespace;
		boolean cluster = scope == ExpectationsProperties.Scope.CLUSTER;
		this.namespaces = cluster ? new Watched<>("namespaces",
				client.namespaces().runnableInformer(0), EvaluatedFields.namespaces(), this::changed) : null;
		this.pods = new Watched<>(resource("pods"),
				cluster ? client.pods().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
						: client.pods().inNamespace(ownNamespace).withLimit(LIST_PAGE).runnableInformer(0),
				EvaluatedFields.pods(), this::changed);
		this.services = new Watched<>(resource("services"),
				cluster ? client.services().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
						: client.services().inNamespace(ownNamespace).withLimit(LIST_PAGE).runnableInformer(0),
				EvaluatedFields.services(), this::changed);
		this.policies = new Watched<>(resource("networkpolicies"),
				cluster ? client.network().v1().networkPolicies().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
						: client.network().v1().networkPolicies().inNamespace(ownNamespace).withLimit(LIST_PAGE).runnableInformer(0),
				EvaluatedFields.policies(), this::changed);
		this.watched = Stream.of(this.namespaces, this.pods, this.services, this.policies)
			.filter(Objects::nonNull)
			.<Watched<?>>map((watch) -> watch)
			.toList();
		this.watched.forEach(Watched::start);
	}

	private String resource(String plural) {
		return (this.scope == ExpectationsProperties.Scope.CLUSTER) ? plural : plural + " of " + this.ownNamespace;
	}

	/**
	 * The evaluator over the cluster as the watches see it now.
	 * @return the evaluator, or why there is none yet
	 */
	@Override
	public Snapshot evaluator() {
		for (Watched<?> watch : this.watched) {
			String problem = watch.problem();
			if (problem != null) {
				return Snapshot.unavailable(problem);
			}
		}
		// One build at a time: a round that comes while the watches' build runs waits for it, and then finds it done.
		synchronized (this.buildLock) {
			return build();
		}
	}

	private Snapshot build() {
		// Keyed by the cached objects themselves: an informer replaces an object on every change, and its store changes
		// before any event handler hears of it, so a counter bumped by handlers would let a check that already sees a
		// new policy in the store be judged by the evaluator built before it.
		Items items = new Items((this.namespaces != null) ? this.namespaces.items() : List.of(), this.pods.items(),
				this.services.items(), this.policies.items());
		Built last = this.built.get();
		if (last != null && last.items().sameObjectsAs(items)) {
			return new Snapshot(last.evaluator(), last.cluster(), null);
		}
		try {
			// In the API's own order (namespace, then name), not the cache's hash order: reasons that name several
			// policies read the same after every restart, and as they would from a list of the API.
			// From the last build's order and evaluator when there is one: a change costs about its own size, not a
			// sort and an index of every pod.
			Cluster before = (last != null) ? last.cluster() : null;
			Cluster cluster = Cluster.of(inApiOrder(items.namespaces(), (before != null) ? before.namespaces() : null),
					inApiOrder(items.pods(), (before != null) ? before.pods() : null),
					inApiOrder(items.services(), (before != null) ? before.services() : null),
					inApiOrder(items.policies(), (before != null) ? before.policies() : null));
			PolicyEvaluator evaluator = new PolicyEvaluator(cluster, (last != null) ? last.evaluator() : null);
			this.built.set(new Built(items, cluster, evaluator));
			this.buildFailure = null;
			return new Snapshot(evaluator, cluster, null);
		}
		catch (IllegalArgumentException ex) {
			// An object the evaluator refuses: keep judging by the last state it accepted, and say so.
			this.buildFailure = "cannot evaluate the cluster's objects: " + ex.getMessage();
			return (last != null) ? new Snapshot(last.evaluator(), last.cluster(), null)
					: Snapshot.unavailable(this.buildFailure);
		}
	}

	/**
	 * The namespace the watches are limited to, or {@code null} when they see the whole cluster.
	 * @return the namespace
	 */
	@Override
	public String onlyNamespace() {
		return (this.scope == ExpectationsProperties.Scope.NAMESPACE) ? this.ownNamespace : null;
	}

	/**
	 * Whether a watch has lost its connection after the first listing, and why. The caches keep the last state seen:
	 * a deny policy on this pod's egress also cuts its way to the API server once the open watch connections end.
	 * @return what is interrupted, or {@code null} when every watch is live
	 */
	@Override
	public String interrupted() {
		String failure = this.buildFailure;
		if (failure != null && this.built.get() != null) {
			return failure;
		}
		for (Watched<?> watch : this.watched) {
			String interruption = watch.interruption();
			if (interruption != null) {
				return interruption;
			}
		}
		return null;
	}

	/** The pods the watch sees, for finding this pod and the policies that select it. */
	@Override
	public List<Pod> pods() {
		return this.pods.items();
	}

	/** The NetworkPolicies the watch sees. */
	@Override
	public List<NetworkPolicy> policies() {
		return this.policies.items();
	}

	@Override
	public String origin() {
		return "the Kubernetes API's pod list";
	}

	@Override
	public void close() {
		this.builder.shutdownNow();
		this.watched.forEach(Watched::stop);
	}

	/**
	 * A watch saw a change (or finished its first listing): build the evaluator now, on a thread of its own, so the
	 * next round finds it built instead of building it. Changes that come while a build is waiting share it.
	 */
	private void changed() {
		if (this.watched.stream().anyMatch((watch) -> watch.problem() != null)
				|| !this.buildRequested.compareAndSet(false, true)) {
			return;
		}
		long wait = Math.max(0, this.lastBuildEnded + BUILD_SPACING.toNanos() - System.nanoTime());
		try {
			this.builder.schedule(() -> {
				this.buildRequested.set(false);
				try {
					evaluator();
				}
				catch (RuntimeException ex) {
					// The next round builds it again, and says what went wrong.
				}
				finally {
					this.lastBuildEnded = System.nanoTime();
				}
			}, wait, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed.
		}
	}

	/**
	 * The objects in the API's order. With the same kind's objects of the last build, already in that order, only
	 * what changed since is sorted and merged in: a watch's cache keeps an unchanged object as the very same object
	 * and replaces a changed one.
	 * @param now the objects the cache holds now, in any order
	 * @param before the objects of the last build in the API's order, or {@code null} for none
	 * @return the objects of {@code now} in the API's order
	 */
	static <T extends HasMetadata> List<T> inApiOrder(List<T> now, List<T> before) {
		if (before == null) {
			return now.stream().sorted(API_ORDER).toList();
		}
		Set<T> current = identitySet(now);
		Set<T> previous = identitySet(before);
		List<T> added = now.stream().filter((object) -> !previous.contains(object)).sorted(API_ORDER).toList();
		List<T> merged = new ArrayList<>(now.size());
		int next = 0;
		for (T kept : before) {
			if (!current.contains(kept)) {
				continue;
			}
			while (next < added.size() && API_ORDER.compare(added.get(next), kept) < 0) {
				merged.add(added.get(next++));
			}
			merged.add(kept);
		}
		merged.addAll(added.subList(next, added.size()));
		return merged;
	}

	private static <T> Set<T> identitySet(List<T> objects) {
		Set<T> set = Collections.newSetFromMap(new IdentityHashMap<>(objects.size() * 2));
		set.addAll(objects);
		return set;
	}

	private record Built(Items items, Cluster cluster, PolicyEvaluator evaluator) {
	}

	private record Items(List<Namespace> namespaces, List<Pod> pods, List<Service> services,
			List<NetworkPolicy> policies) {

		boolean sameObjectsAs(Items other) {
			return same(this.namespaces, other.namespaces) && same(this.pods, other.pods)
					&& same(this.services, other.services) && same(this.policies, other.policies);
		}

		private static boolean same(List<?> before, List<?> now) {
			if (before.size() != now.size()) {
				return false;
			}
			for (int i = 0; i < now.size(); i++) {
				if (before.get(i) != now.get(i)) {
					return false;
				}
			}
			return true;
		}

	}

	/** One informer and what went wrong with it last. */
	private static final class Watched<T extends HasMetadata> {

		private static final long NEVER = Long.MIN_VALUE;

		private static final Duration RECONNECT_GRACE = Duration.ofSeconds(3);

		private final String resource;

		private final SharedIndexInformer<T> informer;

		private final AtomicReference<Throwable> lastError = new AtomicReference<>();

		private final AtomicLong notWatchingSince = new AtomicLong(NEVER);

		private final Runnable changed;

		Watched(String resource, SharedIndexInformer<T> informer, UnaryOperator<T> reduce, Runnable changed) {
			this.resource = resource;
			this.informer = informer.itemStore(new ReducingItemStore<>(reduce));
			this.changed = changed;
		}

		void start() {
			// Keep retrying after a failure (the API may come back, RBAC may be fixed) and remember why, so the
			// results can say it.
			this.informer.exceptionHandler((started, error) -> {
				this.lastError.set(error);
				return true;
			});
			this.informer.addEventHandler(new ResourceEventHandler<>() {

				@Override
				public void onAdd(T object) {
					Watched.this.changed.run();
				}

				@Override
				public void onUpdate(T before, T after) {
					Watched.this.changed.run();
				}

				@Override
				public void onDelete(T object, boolean finalStateUnknown) {
					Watched.this.changed.run();
				}

			});
			this.informer.start().whenComplete((ignored, error) -> {
				if (error != null) {
					this.lastError.set(error);
				}
				else {
					this.lastError.set(null);
					this.changed.run();
				}
			});
		}

		String problem() {
			if (this.informer.hasSynced()) {
				return null;
			}
			Throwable error = this.lastError.get();
			if (error == null) {
				return "the Kubernetes API has not listed " + this.resource + NOT_LISTED_YET;
			}
			return "cannot read " + this.resource + " from the Kubernetes API: " + describe(error);
		}

		String interruption() {
			if (!this.informer.hasSynced() || this.informer.isWatching()) {
				this.notWatchingSince.set(NEVER);
				return null;
			}
			// The API server ends every watch after a few minutes and fabric8 opens the next one at once: a gap that
			// short is no interruption, and saying "as last seen" for it would only make the board flicker.
			long now = System.nanoTime();
			long since = this.notWatchingSince.updateAndGet((start) -> (start == NEVER) ? now : start);
			if (now - since < RECONNECT_GRACE.toNanos()) {
				return null;
			}
			Throwable error = this.lastError.get();
			return "the watch of " + this.resource + " is interrupted"
					+ ((error != null) ? " (" + describe(error) + ")" : "");
		}

		List<T> items() {
			return this.informer.getStore().list();
		}

		void stop() {
			this.informer.stop();
		}

		private static String describe(Throwable error) {
			Throwable cause = error;
			while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
				cause = cause.getCause();
			}
			if (cause instanceof KubernetesClientException api && api.getCode() == 403) {
				return "forbidden (HTTP 403): the service account lacks read access; apply k8s/user-rbac.yaml, or set"
						+ " checks.expectations.scope=namespace with k8s/components/namespaced-rbac";
			}
			if (cause instanceof KubernetesClientException api && api.getCode() > 0) {
				return "HTTP " + api.getCode() + " " + firstLine(api.getMessage());
			}
			return Stream.of(firstLine(cause.getMessage()), cause.getClass().getSimpleName())
				.filter((text) -> text != null && !text.isBlank())
				.findFirst()
				.orElse("unknown error");
		}

		private static String firstLine(String text) {
			return (text == null) ? null : text.lines().findFirst().orElse(text);
		}

	}

}
