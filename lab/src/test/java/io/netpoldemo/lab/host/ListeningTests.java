package io.netpoldemo.lab.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.lab.matrix.HostRequirements;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Listening}: the kernel's socket table of this JVM's namespace, a port before and after it listens; the socket
 * counters read first, and a namespace without any TCP socket, where nothing is read beyond them.
 */
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

	@Test
	void countsTheSocketsOfThisNamespaceInUse() throws IOException {
		long self = ProcessHandle.current().pid();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThat(Listening.tcpSocketsInUse(self)).isPositive();
		}
		assertThat(Listening.tcpSocketsInUse(Long.MAX_VALUE)).isEqualTo(-1);
	}

	@Test
	void readsTheTcpLineOfEachCounterFile() {
		assertThat(Listening.tcpInUse("""
				sockets: used 3
				TCP: inuse 1 orphan 0 tw 1 alloc 8 mem 0
				UDP: inuse 0 mem 0
				""")).isEqualTo(1);
		assertThat(Listening.tcpInUse("""
				TCP6: inuse 0
				UDP6: inuse 0
				""")).isZero();
		assertThat(Listening.tcpInUse("UDP: inuse 4 mem 0\n")).isEqualTo(-1);
		assertThat(Listening.tcpInUse("TCP: inuse many\n")).isEqualTo(-1);
	}

	@Test
	void aNamespaceWithoutAnyTcpSocketListensOnNothing() throws Exception {
		HostRequirements.require("a process in a namespace of its own");
		String netns = "npl-listening-" + ProcessHandle.current().pid();
		Command.of("ip", "netns", "add", netns).check();
		Process sleeper = null;
		try {
			sleeper = new ProcessBuilder("ip", "netns", "exec", netns, "sleep", "30").start();
			long pid = sleeper.pid();
			Command identify = Command.of("ip", "netns", "identify", Long.toString(pid));
			for (int tries = 0; tries < 100 && !netns.equals(identify.run(null).output().strip()); tries++) {
				Thread.sleep(20);
			}
			assertThat(identify.run(null).output().strip()).isEqualTo(netns);
			assertThat(Listening.tcpSocketsInUse(pid)).isZero();
			assertThat(Listening.on(pid, 80)).isFalse();
		}
		finally {
			if (sleeper != null) {
				sleeper.destroy();
				sleeper.waitFor(5, TimeUnit.SECONDS);
			}
			Command.of("ip", "netns", "del", netns).check();
		}
	}

}
