package io.netpoldemo.user.board;

import java.util.List;

/**
 * The NetworkPolicies that select the user pods, as the board header shows them.
 *
 * @param known whether the policies could be read at all
 * @param names the policy names when known (empty: no policy selects the pods, so they are not isolated)
 * @param reason why they are not known, or {@code null}
 */
record SelectingPolicies(boolean known, List<String> names, String reason) {

	static SelectingPolicies of(List<String> names) {
		return new SelectingPolicies(true, List.copyOf(names), null);
	}

	static SelectingPolicies unknown(String reason) {
		return new SelectingPolicies(false, List.of(), reason);
	}

}
