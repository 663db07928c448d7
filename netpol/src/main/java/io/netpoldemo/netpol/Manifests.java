package io.netpoldemo.netpol;

import java.util.List;

/**
 * What {@link ManifestLoader} read: the cluster to evaluate, and what a reader of the inputs should be told about
 * them (documents left out, entries skipped, objects defined twice).
 *
 * @param cluster the objects the evaluator uses
 * @param ignored documents of policy kinds the evaluator does not evaluate (AdminNetworkPolicy, Cilium, Calico...)
 * @param warnings entries skipped, each naming its file, document and field
 * @param duplicates objects defined more than once, of which the last is used
 */
public record Manifests(Cluster cluster, List<Ignored> ignored, List<String> warnings, List<Duplicate> duplicates) {

	public Manifests {
		ignored = List.copyOf(ignored);
		warnings = List.copyOf(warnings);
		duplicates = List.copyOf(duplicates);
	}

	/**
	 * A document of a policy kind that is not evaluated.
	 * @param kind its kind, with the API group when the kind alone would mislead (Calico's NetworkPolicy)
	 * @param name {@code namespace/name}, or the name of a cluster-scoped object
	 * @param place file and document
	 */
	public record Ignored(String kind, String name, String place) {

		@Override
		public String toString() {
			return this.kind + " " + this.name + " (" + this.place + ")";
		}

	}

	/**
	 * An object defined again: the later definition replaced the earlier one, as {@code kubectl apply} of the inputs
	 * in order would leave it.
	 * @param kind the object's kind
	 * @param name {@code namespace/name}, or the name of a cluster-scoped object
	 * @param earlier file and document of the definition replaced
	 * @param later file and document of the definition used
	 */
	public record Duplicate(String kind, String name, String earlier, String later) {
	}

}
