package io.netpoldemo.user.board;

import java.time.Instant;
import java.util.List;

/**
 * What the board remembers of one target.
 *
 * @param lastChangedAt when the outcome last changed, or when the board first saw the target
 * @param entries the outcomes of the last rounds within the history window, oldest first
 */
record TargetHistory(Instant lastChangedAt, List<HistoryEntry> entries) {
}
