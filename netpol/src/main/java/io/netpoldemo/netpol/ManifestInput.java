package io.netpoldemo.netpol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads one input with its size bounded before any YAML parser sees it. SnakeYAML spends seconds on a single line of a
 * few megabytes, and a FIFO or {@code /dev/zero} never ends: each is refused at once, with the limit, instead.
 */
final class ManifestInput {

	private ManifestInput() {
	}

	/** The text of a regular file of at most {@link ManifestLoader#MAX_BYTES} with no line over the line limit. */
	static String read(Path file) {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (IOException ex) {
			throw new ManifestException(file, 0, null, "cannot read the file (" + reason(ex) + ")");
		}
		if (!attributes.isRegularFile()) {
			throw new ManifestException(file, 0, null, "not a regular file (a device, FIFO or socket): netpol reads"
					+ " YAML files and directories, or standard input with -f -");
		}
		if (attributes.size() > ManifestLoader.MAX_BYTES) {
			throw tooLarge(file);
		}
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file);
		}
		catch (IOException ex) {
			throw new ManifestException(file, 0, null, "cannot read the file (" + reason(ex) + ")");
		}
	}

	/**
	 * Reads a stream up to the same bounds, stopping as soon as one is passed: standard input may be endless.
	 * @param source names the input in error messages
	 */
	static String read(InputStream in, Path source) throws IOException {
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		long line = 0;
		int lineNumber = 1;
		int read;
		while ((read = in.read(buffer)) > 0) {
			for (int i = 0; i < read; i++) {
				if (buffer[i] == '\n') {
					line = 0;
					lineNumber++;
				}
				else if (++line > ManifestLoader.MAX_LINE) {
					throw lineTooLong(source, lineNumber);
				}
			}
			if (text.size() + read > ManifestLoader.MAX_BYTES) {
				throw tooLarge(source);
			}
			text.write(buffer, 0, read);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(text.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ManifestException(source, 0, null, "not UTF-8 text; Kubernetes manifests are UTF-8 YAML");
		}
	}

	/** The same bounds for text already in memory (characters for bytes: a character is at least one byte). */
	static void check(String text, Path source) {
		if (text.length() > ManifestLoader.MAX_BYTES) {
			throw tooLarge(source);
		}
		int lineNumber = 1;
		int start = 0;
		while (start <= text.length()) {
			int end = text.indexOf('\n', start);
			int length = ((end < 0) ? text.length() : end) - start;
			if (length > ManifestLoader.MAX_LINE) {
				throw lineTooLong(source, lineNumber);
			}
			if (end < 0) {
				return;
			}
			start = end + 1;
			lineNumber++;
		}
	}

	private static ManifestException tooLarge(Path source) {
		return new ManifestException(source, 0, null, "larger than the limit of " + mebibytes(ManifestLoader.MAX_BYTES)
				+ " (" + ManifestLoader.MAX_BYTES + " bytes); split the manifests into several files");
	}

	private static ManifestException lineTooLong(Path source, int lineNumber) {
		return new ManifestException(source, 0, null, "line " + lineNumber + " is longer than the limit of "
				+ mebibytes(ManifestLoader.MAX_LINE) + " (" + ManifestLoader.MAX_LINE
				+ " bytes), which the YAML parser would take seconds over; no Kubernetes field needs such a line");
	}

	private static String mebibytes(long bytes) {
		return (bytes / (1024 * 1024)) + " MiB";
	}

	static String reason(IOException ex) {
		String name = ex.getClass().getSimpleName();
		return switch (name) {
			case "AccessDeniedException" -> "permission denied";
			case "NoSuchFileException" -> "no such file or directory";
			default -> (ex.getMessage() != null) ? ex.getMessage() : name;
		};
	}

}
