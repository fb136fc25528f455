package dev.vigil.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A config file's text: read whole only if it is within the size limit, and decoded as strict
 * UTF-8 so that a byte that is not UTF-8 is reported with its line and column rather than
 * silently replaced.
 */
final class ConfigText {

    /** What reading a file gave: its text, or why there is none. */
    sealed interface Result {
        record Text(String text, long bytes) implements Result {}

        /** Over the limit it was read with; not read (further). */
        record TooLarge(long bytes) implements Result {}

        record Refused(SourceRef where, String message, String expected) implements Result {}
    }

    private ConfigText() {
    }

    static Result read(Path file, long maxBytes) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return new Result.TooLarge(size);
            }
            try (InputStream stream = Files.newInputStream(file)) {
                bytes = stream.readNBytes((int) maxBytes + 1); // the file may have grown since its size was read
            }
        } catch (IOException e) {
            return new Result.Refused(new SourceRef(file, 0, 0), "cannot be read: " + e.getMessage(), "a readable file");
        }
        if (bytes.length > maxBytes) {
            return new Result.TooLarge(bytes.length);
        }
        return decode(file, bytes);
    }

    private static Result decode(Path file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a UTF-8 byte order mark is allowed and not content
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            return new Result.Refused(positionOf(file, bytes, start, bad),
                    "TOML syntax: byte 0x" + String.format("%02x", bytes[bad] & 0xff) + " is not valid UTF-8",
                    "a file encoded in UTF-8");
        }
        decoder.flush(out);
        out.flip();
        return new Result.Text(out.toString(), bytes.length);
    }

    /** Line and column (in characters) of byte {@code offset}; what precedes it is valid UTF-8. */
    private static SourceRef positionOf(Path file, byte[] bytes, int start, int offset) {
        String before;
        try {
            before = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, offset - start)).toString();
        } catch (CharacterCodingException e) {
            return new SourceRef(file, 1, 1);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceRef(file, line, before.codePointCount(lineStart, before.length()) + 1);
    }
}
