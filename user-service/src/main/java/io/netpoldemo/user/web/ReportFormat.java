package io.netpoldemo.user.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/**
 * How a report is written: JSON for programs and the board, an aligned table for terminals, JUnit XML for CI.
 */
enum ReportFormat {

	JSON(MediaType.APPLICATION_JSON), TEXT(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)),
	JUNIT(new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8));

	private final MediaType mediaType;

	ReportFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * The format asked for: {@code ?format=} wins, else {@code Accept: text/plain} (without JSON) means text. JUnit
	 * is asked for by name only: an {@code Accept: application/xml} says nothing about which XML.
	 * @param format the query parameter, or {@code null}
	 * @param accept the Accept header, or {@code null}
	 * @return the format
	 * @throws UnknownFormatException for any other {@code format} value
	 */
	static ReportFormat of(String format, String accept) {
		if (format != null) {
			return switch (format.strip().toLowerCase(Locale.ROOT)) {
				case "json" -> JSON;
				case "text", "txt", "table" -> TEXT;
				case "junit" -> JUNIT;
				default -> throw new UnknownFormatException(format);
			};
		}
		if (accept != null) {
			List<MediaType> types = new ArrayList<>(parse(accept));
			MimeTypeUtils.sortBySpecificity(types);
			for (MediaType type : types) {
				if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
					return JSON;
				}
				if (type.isCompatibleWith(MediaType.TEXT_PLAIN) && !type.isWildcardType()) {
					return TEXT;
				}
			}
		}
		return JSON;
	}

	private static List<MediaType> parse(String accept) {
		try {
			return MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return List.of();
		}
	}

	static final class UnknownFormatException extends RuntimeException {

		UnknownFormatException(String format) {
			super("unknown format '" + format + "': use format=json (the default), format=text or format=junit");
		}

	}

}
