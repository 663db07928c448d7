package io.netpoldemo.netpol;

import java.nio.file.Path;

/**
 * Input that cannot be read as the Kubernetes objects the evaluator needs. The message names the file, the document
 * (1-based, in the order of the {@code ---} separators) and, where one is to blame, the field.
 */
public class ManifestException extends RuntimeException {

	private final Path file;

	private final int document;

	private final String field;

	public ManifestException(Path file, int document, String field, String problem) {
		super(describe(file, document, field, problem));
		this.file = file;
		this.document = document;
		this.field = field;
	}

	public Path file() {
		return this.file;
	}

	/** The 1-based document within the file, 0 when the problem is the file itself. */
	public int document() {
		return this.document;
	}

	/** The field path such as {@code spec.ports[0].port}, or {@code null}. */
	public String field() {
		return this.field;
	}

	private static String describe(Path file, int document, String field, String problem) {
		StringBuilder message = new StringBuilder(String.valueOf(file));
		if (document > 0) {
			message.append(", document ").append(document);
		}
		if (field != null && !field.isEmpty()) {
			message.append(", field ").append(field);
		}
		return message.append(": ").append(problem).toString();
	}

}
