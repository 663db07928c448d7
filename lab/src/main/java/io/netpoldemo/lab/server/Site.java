package io.netpoldemo.lab.server;

/**
 * What the lab server plays, and its answers. Bodies imitate the real services closely enough for the user
 * service's checks, and say they come from the lab so nobody mistakes them for the real thing.
 */
enum Site {

	/** Argo CD's API server: 200 on {@code /}, as the real one answers with its UI. */
	ARGOCD {
		@Override
		Reply reply(String host, String path, String client) {
			if (path.equals("/healthz")) {
				return Reply.text(200, "ok\n");
			}
			return Reply.text(200, "argocd-server (netpol-demo lab stand-in)\n");
		}
	},

	/** The public internet hosts of the user service's checks, told apart by the Host header. */
	INTERNET {
		@Override
		Reply reply(String host, String path, String client) {
			if (path.equals("/healthz")) {
				return Reply.text(200, "ok\n");
			}
			if (host.equals("api.github.com") && path.equals("/users/octocat")) {
				return Reply.json(200, """
						{"login": "octocat", "id": 583231, "type": "User", "site": "netpol-demo lab"}
						""");
			}
			if (host.equals("httpbin.org") && path.equals("/ip")) {
				return Reply.json(200, "{\"origin\": \"" + client + "\"}\n");
			}
			return Reply.json(404, "{\"message\": \"Not Found\", \"site\": \"netpol-demo lab\"}\n");
		}
	};

	abstract Reply reply(String host, String path, String client);

}
