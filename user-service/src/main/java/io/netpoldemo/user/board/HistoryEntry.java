package io.netpoldemo.user.board;

import java.time.Instant;

import io.netpoldemo.user.check.Outcome;

/**
 * One cell of a target's history strip.
 *
 * @param at when the round that observed it started
 * @param outcome what that round observed
 */
record HistoryEntry(Instant at, Outcome outcome) {
}
