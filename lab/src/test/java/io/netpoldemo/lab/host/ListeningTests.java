package io.netpoldemo.lab.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Listening}: the kernel's socket table of this JVM's namespace, a port before and after it listens. */
@EnabledOnOs(OS.LINUX)
class ListeningTests {

	@Test
	void seesAPortListenOnlyOnceItListens() throws IOException {
		long self = ProcessHandle.current().pid();
		int port;
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = server.getLocalPort();
			assertThat(Listening.on(self, port)).isTrue();
		}
		assertThat(Listening.on(self, port)).isFalse();
	}

	@Test
	void sayMaybeWhenThereIsNoTableToRead() {
		assertThat(Listening.on(-1, 80)).isTrue();
		assertThat(Listening.on(Long.MAX_VALUE, 80)).isTrue();
	}

}
