package io.netpoldemo.identity.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request exactly as written: what a browser or {@code java.net.http} would refuse to send (a malformed
 * query string, any Host) is what these tests are about.
 *
 * @param status the status code
 * @param text the whole response, head and body
 */
record RawHttp(int status, String text) {

	static RawHttp get(int port, String target, String... headers) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
			boolean host = false;
			for (String header : headers) {
				request.append(header).append("\r\n");
				host |= header.regionMatches(true, 0, "Host:", 0, 5);
			}
			if (!host) {
				request.append("Host: 127.0.0.1:").append(port).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new RawHttp(Integer.parseInt(text.substring(9, 12)), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String body() {
		return this.text.substring(this.text.indexOf("\r\n\r\n") + 4);
	}

}
