package io.netpoldemo.lab.matrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netpoldemo.lab.topology.LabException;

/**
 * The lab's end of one pod's {@link ProbeAgent}: the process, its pipes, and the answers still awaited. The agent
 * exits when its standard input closes, so a lab JVM that dies takes its agents with it.
 */
final class Agent implements AutoCloseable {

	private final MatrixPod pod;

	private final Process process;

	private final OutputStream requests;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final Map<String, CompletableFuture<Probe.Outcome>> awaited = new ConcurrentHashMap<>();

	private final List<String> chatter = new ArrayList<>();

	private Agent(MatrixPod pod, Process process) {
		this.pod = pod;
		this.process = process;
		this.requests = process.getOutputStream();
		Thread.ofVirtual().start(this::readAnswers);
	}

	static Agent start(MatrixPod pod, List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			return new Agent(pod, process);
		}
		catch (IOException ex) {
			throw new LabException("cannot start the agent of " + pod.id() + ": " + ex.getMessage(), 3);
		}
	}

	/** Waits until every port of the pod listens. */
	void awaitReady(long deadlineNanos) {
		try {
			this.ready.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new LabException("the agent of " + this.pod.id() + " was not ready in time" + said());
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new LabException("the agent of " + this.pod.id() + " stopped before it was ready" + said());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LabException("interrupted while waiting for the agent of " + this.pod.id());
		}
	}

	/** Asks the agent to make one probe; the answer completes the future. */
	CompletableFuture<Probe.Outcome> send(String id, Probe probe, int timeoutMillis) {
		CompletableFuture<Probe.Outcome> answer = new CompletableFuture<>();
		this.awaited.put(id, answer);
		String line = "probe " + id + " " + probe.protocol().name() + " " + probe.address() + " " + probe.port() + " "
				+ timeoutMillis + "\n";
		synchronized (this.requests) {
			try {
				this.requests.write(line.getBytes(StandardCharsets.UTF_8));
				this.requests.flush();
			}
			catch (IOException ex) {
				answer.complete(new Probe.Outcome(false, "the agent of " + this.pod.id() + " is gone: " + ex.getMessage()));
			}
		}
		return answer;
	}

	private void readAnswers() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				String[] parts = line.split(" ", 3);
				CompletableFuture<Probe.Outcome> answer = (parts.length == 3) ? this.awaited.remove(parts[0]) : null;
				if (answer != null) {
					answer.complete(new Probe.Outcome(parts[1].equals("ok"), parts[2]));
				}
				else if (line.equals("ready")) {
					this.ready.complete(null);
				}
				else {
					synchronized (this.chatter) {
						if (this.chatter.size() < 20) {
							this.chatter.add(line);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// The process ended; below, everything still awaited fails.
		}
		this.ready.completeExceptionally(new IllegalStateException("exited"));
		this.awaited.values().forEach((answer) -> answer.complete(new Probe.Outcome(false, "the agent exited")));
	}

	private String said() {
		synchronized (this.chatter) {
			return this.chatter.isEmpty() ? "" : ": " + String.join(" | ", this.chatter);
		}
	}

	/** Closes the agent's input (it exits), and kills it if it has not within a moment. */
	@Override
	public void close() {
		try {
			this.requests.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	void awaitExit(long deadlineNanos) {
		try {
			if (!this.process.waitFor(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
