package io.netpoldemo.user.cluster;

import java.util.List;

/**
 * A request to the Kubernetes API as RBAC sees it: verb, API group, resource and namespace.
 *
 * @param verb {@code get}, {@code list}, {@code watch}, or the HTTP method of anything else
 * @param group the API group, {@code ""} for the core group
 * @param resource the resource, such as {@code pods}
 * @param namespace the namespace, {@code null} for cluster-wide requests and cluster-scoped resources
 */
record ApiRequest(String verb, String group, String resource, String namespace) {

	/** Reads a request line's method and path ({@code /api/v1/namespaces/x/pods?watch=true}). */
	static ApiRequest of(String method, String pathAndQuery) {
		String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
		String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
		List<String> segments = List.of(path.replaceFirst("^/", "").split("/"));
		boolean core = segments.get(0).equals("api");
		String group = core ? "" : segments.get(1);
		List<String> rest = segments.subList(core ? 2 : 3, segments.size());
		String namespace = null;
		if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
			namespace = rest.get(1);
			rest = rest.subList(2, rest.size());
		}
		boolean named = rest.size() > 1;
		String verb = !method.equals("GET") ? method
				: named ? "get" : List.of(query.split("&")).contains("watch=true") ? "watch" : "list";
		return new ApiRequest(verb, group, rest.get(0), namespace);
	}

}
