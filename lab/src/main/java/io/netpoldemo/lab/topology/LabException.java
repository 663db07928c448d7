package io.netpoldemo.lab.topology;

/**
 * A problem the person running the lab can act on: the message names the file, the object or the command, and what
 * to do.
 */
public class LabException extends RuntimeException {

	private final int exitCode;

	public LabException(String message) {
		this(message, 1);
	}

	public LabException(String message, int exitCode) {
		super(message);
		this.exitCode = exitCode;
	}

	/**
	 * The exit code the command line reports: 2 for invalid input, 1 for everything else.
	 * @return the exit code
	 */
	public int exitCode() {
		return this.exitCode;
	}

}
