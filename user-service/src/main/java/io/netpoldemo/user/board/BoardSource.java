package io.netpoldemo.user.board;

import io.netpoldemo.user.check.CheckReport;

/**
 * Where the board's data comes from: the shared probe rounds of the check service, and the policies known to select
 * the user pods.
 */
interface BoardSource {

	/**
	 * Runs a round over every target, or joins the one already in flight.
	 * @return the report of that round
	 */
	CheckReport round();

	/**
	 * The NetworkPolicies that select the user pods right now.
	 * @param report the round just finished, whose expectations may say why policies are unknown
	 * @return the policies, or why they are not known
	 */
	SelectingPolicies selectingPolicies(CheckReport report);

}
