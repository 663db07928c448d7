package io.netpoldemo.user.cluster;

import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps each object as {@link EvaluatedFields} cuts it down, so that memory follows the
 * number of pods and policies, not the size of their specs. Keyed as fabric8's default store is
 * ({@code namespace/name}). fabric8's own {@code ReducedStateItemStore} keeps fields as JSON trees and rebuilds the
 * object on every read, which would give the evaluator new objects, and a rebuild, on every round.
 */
final class ReducingItemStore<T extends HasMetadata> extends BasicItemStore<T> {

	private final UnaryOperator<T> reduce;

	ReducingItemStore(UnaryOperator<T> reduce) {
		super(Cache::metaNamespaceKeyFunc);
		this.reduce = reduce;
	}

	@Override
	public T put(String key, T object) {
		return super.put(key, this.reduce.apply(object));
	}

}
