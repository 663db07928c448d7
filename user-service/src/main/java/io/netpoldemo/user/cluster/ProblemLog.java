package io.netpoldemo.user.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs why the expectations are unknown or stale once per change, not once per round: a round asks about every
 * target every few seconds, and the same reason a thousand times would bury the one line that says when it started,
 * changed or ended. One subject per kind of problem (the state as a whole, one target), each remembered apart.
 */
final class ProblemLog {

	private static final Log logger = LogFactory.getLog(PolicyExpectations.class);

	private final Map<String, String> current = new ConcurrentHashMap<>();

	/**
	 * Notes what is wrong with {@code subject} now.
	 * @param subject what the problem is about, e.g. {@code policy state} or {@code target auth}
	 * @param problem why the expectations are unknown or stale, {@code null} when nothing is wrong
	 */
	void report(String subject, String problem) {
		String before = (problem != null) ? this.current.put(subject, problem) : this.current.remove(subject);
		if (Objects.equals(before, problem)) {
			return;
		}
		if (problem != null && problem.contains(ClusterState.NOT_LISTED_YET)) {
			// Every start passes through this: worth a line, not a warning.
			logger.info("Expectations for " + subject + ": " + problem);
		}
		else if (problem != null) {
			logger.warn("Expectations for " + subject + ": " + problem);
		}
		else {
			logger.info("Expectations for " + subject + " are current again (was: " + before + ")");
		}
	}

}
