package io.netpoldemo.lab.host;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Host work done side by side: wiring pods is mostly waiting for {@code ip} and {@code sysctl}, each in a namespace of
 * its own; its failures surface as if the work had run on the caller's thread.
 */
public final class Parallel {

	private Parallel() {
	}

	/**
	 * Starts a task on a virtual thread of its own, rather than in the common pool, whose single thread on 2 cores
	 * would have tasks wait for each other.
	 * @param task what to compute
	 * @return its result, to {@link #join}
	 */
	public static <T> CompletableFuture<T> supply(Supplier<T> task) {
		return CompletableFuture.supplyAsync(task, Thread.ofVirtual()::start);
	}

	/**
	 * Runs the action for every item, each on a virtual thread, and waits for all of them.
	 * @param items what to act on
	 * @param action what to do with each; its exception, if any, is thrown here once all have ended
	 */
	public static <T> void forEach(List<T> items, Consumer<T> action) {
		List<CompletableFuture<Void>> runs = items.stream()
			.map((item) -> CompletableFuture.runAsync(() -> action.accept(item), Thread.ofVirtual()::start))
			.toList();
		join(CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)));
	}

	/**
	 * What a task on another thread gave, or what it threw, as if it had run on this one.
	 * @param task the task
	 * @return its result
	 */
	public static <T> T join(CompletableFuture<T> task) {
		try {
			return task.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException problem) ? problem : ex;
		}
	}

}
