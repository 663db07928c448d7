package io.netpoldemo.user.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD mock answers a list with every item whatever its {@code limit}; a real API server pages it
 * ({@code metadata.continue}), and that is what keeps a client's first listing of 20,000 pods from needing the whole
 * list in memory at once. This dispatcher pages the mock's lists the same way, for {@link ScaleMockApiServer}.
 */
final class PagingDispatcher extends Dispatcher {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final KubernetesCrudDispatcher crud;

	/** The full list being paged, by path, until its last page is served. */
	private final Map<String, ArrayNode> paged = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> heads = new ConcurrentHashMap<>();

	PagingDispatcher(KubernetesCrudDispatcher crud) {
		this.crud = crud;
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String path = request.getPath();
		int query = path.indexOf('?');
		Map<String, String> parameters = (query < 0) ? Map.of() : parameters(path.substring(query + 1));
		if (!"GET".equals(request.getMethod()) || !parameters.containsKey("limit")
				|| "true".equals(parameters.get("watch"))) {
			return this.crud.dispatch(request);
		}
		try {
			String base = path.substring(0, query);
			int limit = Integer.parseInt(parameters.get("limit"));
			int offset = parameters.containsKey("continue") ? Integer.parseInt(parameters.get("continue")) : 0;
			if (offset == 0 || !this.paged.containsKey(base)) {
				MockResponse full = this.crud.handleGet(base);
				if (full.code() != 200) {
					return full;
				}
				ObjectNode list = (ObjectNode) JSON.readTree(full.getBody().getBytes());
				this.paged.put(base, (ArrayNode) list.remove("items"));
				this.heads.put(base, list);
				offset = 0;
			}
			ArrayNode all = this.paged.get(base);
			ObjectNode page = this.heads.get(base).deepCopy();
			ArrayNode items = page.putArray("items");
			for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
				items.add(all.get(i));
			}
			ObjectNode metadata = page.with("metadata");
			if (offset + limit < all.size()) {
				metadata.put("continue", String.valueOf(offset + limit));
			}
			else {
				metadata.remove("continue");
				this.paged.remove(base);
				this.heads.remove(base);
			}
			return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(page));
		}
		catch (Exception ex) {
			return new MockResponse().setResponseCode(500).setBody(String.valueOf(ex));
		}
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			parameters.put(name, value);
		}
		return parameters;
	}

}
