package io.netpoldemo.netpol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Jackson's parse and mapping failures in the words of a manifest's author: field paths, expected and found values. */
final class ManifestErrors {

	private ManifestErrors() {
	}

	/** The field path of a mapping failure, such as {@code spec.ports[0].port}. */
	static String path(JsonMappingException ex) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	static String problem(JsonMappingException ex, JsonNode root, Class<?> type) {
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			JsonNode value = root;
			for (JsonMappingException.Reference reference : ex.getPath()) {
				if (value == null) {
					break;
				}
				value = (reference.getFieldName() != null) ? value.get(reference.getFieldName())
						: value.get(reference.getIndex());
			}
			String got = (value != null) ? describe(value) : "another type";
			return "expected " + typeName(mismatch.getTargetType()) + ", got " + got + " (as a " + type.getSimpleName()
					+ " defines it)";
		}
		return firstLine(ex.getOriginalMessage());
	}

	private static String describe(JsonNode value) {
		if (value.isTextual()) {
			return "the string \"" + value.asText() + "\"";
		}
		if (value.isObject()) {
			return "a mapping";
		}
		if (value.isArray()) {
			return "a list";
		}
		return value.toString();
	}

	private static String typeName(Class<?> type) {
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (java.util.Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		if (java.util.Map.class.isAssignableFrom(type) || type.getName().startsWith("io.fabric8")) {
			return "a mapping (" + type.getSimpleName() + ")";
		}
		return type.getSimpleName();
	}

	static String at(JsonLocation location) {
		return (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

	static String firstLine(String message) {
		if (message == null) {
			return "unreadable input";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
