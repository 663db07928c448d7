package io.netpoldemo.lab.server;

/**
 * One answer of the lab server.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body
 */
record Reply(int status, String contentType, String body) {

	static Reply text(int status, String body) {
		return new Reply(status, "text/plain; charset=utf-8", body);
	}

	static Reply json(int status, String body) {
		return new Reply(status, "application/json", body);
	}

}
