package io.netpoldemo.user.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 */
class ClusterState implements PolicyState {

	private final List<Watched<?>> watched;

	private final Watched<Namespace> namespaces;

	private final Watched<Pod> pods;

	private final Watched<Service> services;

	private final Watched<NetworkPolicy> policies;

	private final AtomicReference<Built> built = new AtomicReference<>();

	ClusterState(KubernetesClient client) {
		this.namespaces = new Watched<>("namespaces", client.namespaces().runnableInformer(0));
		this.pods = new Watched<>("pods", client.pods().inAnyNamespace().runnableInformer(0));
		this.services = new Watched<>("services", client.services().inAnyNamespace().runnableInformer(0));
		this.policies = new Watched<>("networkpolicies",
				client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(0));
		this.watched = List.of(this.namespaces, this.pods, this.services, this.policies);
		this.watched.forEach(Watched::start);
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
		// Keyed by the cached objects themselves: an informer replaces an object on every change, and its store changes
		// before any event handler hears of it, so a counter bumped by handlers would let a check that already sees a
		// new policy in the store be judged by the evaluator built before it.
		Items items = new Items(this.namespaces.items(), this.pods.items(), this.services.items(),
				this.policies.items());
		Built last = this.built.get();
		if (last != null && last.items().sameObjectsAs(items)) {
			return new Snapshot(last.evaluator(), last.cluster(), null);
		}
		Cluster cluster = Cluster.of(items.namespaces(), items.pods(), items.services(), items.policies());
		PolicyEvaluator evaluator = new PolicyEvaluator(cluster);
		this.built.set(new Built(items, cluster, evaluator));
		return new Snapshot(evaluator, cluster, null);
	}

	/**
	 * Whether a watch has lost its connection after the first listing, and why. The caches keep the last state seen:
	 * a deny policy on this pod's egress also cuts its way to the API server once the open watch connections end.
	 * @return what is interrupted, or {@code null} when every watch is live
	 */
	@Override
	public String interrupted() {
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
		this.watched.forEach(Watched::stop);
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

		private final String resource;

		private final SharedIndexInformer<T> informer;

		private final AtomicReference<Throwable> lastError = new AtomicReference<>();

		Watched(String resource, SharedIndexInformer<T> informer) {
			this.resource = resource;
			this.informer = informer;
		}

		void start() {
			// Keep retrying after a failure (the API may come back, RBAC may be fixed) and remember why, so the
			// results can say it.
			this.informer.exceptionHandler((started, error) -> {
				this.lastError.set(error);
				return true;
			});
			this.informer.start().whenComplete((ignored, error) -> {
				if (error != null) {
					this.lastError.set(error);
				}
				else {
					this.lastError.set(null);
				}
			});
		}

		String problem() {
			if (this.informer.hasSynced()) {
				return null;
			}
			Throwable error = this.lastError.get();
			if (error == null) {
				return "the Kubernetes API has not listed " + this.resource + " yet (the watch is starting or retrying)";
			}
			return "cannot read " + this.resource + " from the Kubernetes API: " + describe(error);
		}

		String interruption() {
			if (!this.informer.hasSynced() || this.informer.isWatching()) {
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
				return "forbidden (HTTP 403): the service account lacks read access; apply k8s/user-rbac.yaml";
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
