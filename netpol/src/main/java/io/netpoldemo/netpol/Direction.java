package io.netpoldemo.netpol;

/** The two directions a NetworkPolicy can isolate. */
public enum Direction {

	INGRESS("Ingress", "ingress", "from"), EGRESS("Egress", "egress", "to");

	private final String policyType;

	private final String field;

	private final String peerField;

	Direction(String policyType, String field, String peerField) {
		this.policyType = policyType;
		this.field = field;
		this.peerField = peerField;
	}

	/** The name in {@code spec.policyTypes}. */
	public String policyType() {
		return this.policyType;
	}

	/** The rule list field, {@code ingress} or {@code egress}. */
	public String field() {
		return this.field;
	}

	/** The peer list field of a rule, {@code from} or {@code to}. */
	public String peerField() {
		return this.peerField;
	}

}
