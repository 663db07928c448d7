package io.netpoldemo.user.check;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 for tests: answers A queries for the names it knows and NXDOMAIN for the rest. With
 * {@link #silent()} it reads nothing and answers nothing, which is what a resolver behind a denying policy looks
 * like.
 */
public final class DnsStub implements AutoCloseable {

	private final DatagramSocket socket;

	private final Map<String, String> records;

	private final AtomicInteger queries = new AtomicInteger();

	private final Thread thread;

	private DnsStub(Map<String, String> records, boolean answer) throws SocketException {
		this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.records = records;
		this.thread = answer ? Thread.ofPlatform().daemon().name("dns-stub").start(this::serve) : null;
	}

	/**
	 * A responder.
	 * @param records IPv4 addresses by fully qualified name (no trailing dot)
	 * @return the running responder
	 */
	public static DnsStub answering(Map<String, String> records) throws SocketException {
		return new DnsStub(records, true);
	}

	/**
	 * A UDP port that is open but never answers.
	 * @return the silent port
	 */
	public static DnsStub silent() throws SocketException {
		return new DnsStub(Map.of(), false);
	}

	public String server() {
		return "127.0.0.1:" + this.socket.getLocalPort();
	}

	public int queries() {
		return this.queries.get();
	}

	private void serve() {
		byte[] buffer = new byte[512];
		while (!this.socket.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
				this.queries.incrementAndGet();
				byte[] reply = reply(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
				this.socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
			}
			catch (IOException ex) {
				// Closed: the test is over.
			}
		}
	}

	private byte[] reply(ByteBuffer query) {
		short id = query.getShort(0);
		int position = 12;
		StringBuilder name = new StringBuilder();
		int length;
		while ((length = query.get(position) & 0xff) != 0) {
			if (!name.isEmpty()) {
				name.append('.');
			}
			for (int i = 1; i <= length; i++) {
				name.append((char) query.get(position + i));
			}
			position += length + 1;
		}
		int questionEnd = position + 1 + 4;
		int type = query.getShort(position + 1) & 0xffff;
		String address = this.records.get(name.toString().toLowerCase(Locale.ROOT));
		boolean answer = address != null && type == 1;
		ByteBuffer reply = ByteBuffer.allocate(512);
		reply.putShort(id);
		// QR, RD and RA set; RCODE 3 (NXDOMAIN) for unknown names, 0 with no answer for other record types.
		reply.putShort((short) (0x8180 | ((address == null) ? 3 : 0)));
		reply.putShort((short) 1).putShort((short) (answer ? 1 : 0)).putShort((short) 0).putShort((short) 0);
		reply.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
		if (answer) {
			reply.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(0).putShort((short) 4);
			for (String octet : address.split("\\.")) {
				reply.put((byte) Integer.parseInt(octet));
			}
		}
		byte[] bytes = new byte[reply.position()];
		reply.flip().get(bytes);
		return bytes;
	}

	@Override
	public void close() throws InterruptedException {
		this.socket.close();
		if (this.thread != null) {
			this.thread.join(1000);
		}
	}

}
