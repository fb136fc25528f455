package dev.vigil.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into newline-terminated UTF-8 lines, never holding more than
 * {@code maxLineBytes} of one line. Not thread-safe: one per connection, fed by its reader.
 */
final class LineFramer {

    /** What one line turned out to be. */
    sealed interface Frame {
        /** A decoded line, without its {@code \n} (and without a {@code \r} before it). */
        record Text(String text) implements Frame {
        }

        /** A line that is not valid UTF-8. */
        record Undecodable(String problem) implements Frame {
        }

        /** A line longer than the limit; the stream cannot be resynchronised, so this is the last frame. */
        record TooLong(int limit) implements Frame {
        }
    }

    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] pending = new byte[1024];
    private int pendingLength;
    private boolean overflowed;

    LineFramer(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes all of {@code in}; returns the complete lines found, in order (possibly none). */
    List<Frame> feed(ByteBuffer in) {
        List<Frame> frames = new ArrayList<>(1);
        while (in.hasRemaining() && !overflowed) {
            int start = in.position();
            int newline = -1;
            for (int i = start; i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? in.limit() : newline;
            if (pendingLength + (end - start) > maxLineBytes) {
                overflowed = true;
                pending = new byte[0];
                pendingLength = 0;
                frames.add(new Frame.TooLong(maxLineBytes));
                in.position(in.limit());
                return frames;
            }
            append(in, start, end - start);
            in.position(newline < 0 ? end : newline + 1);
            if (newline >= 0) {
                frames.add(decodePending());
            }
        }
        return frames;
    }

    /** Bytes of an unfinished line held now. */
    int pendingBytes() {
        return pendingLength;
    }

    /** At end of stream: the last line if it had no final newline (lenient for {@code printf | nc -U}). */
    List<Frame> finish() {
        if (overflowed || pendingLength == 0) {
            return List.of();
        }
        return List.of(decodePending());
    }

    private void append(ByteBuffer in, int from, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, Math.min(maxLineBytes, pending.length * 2)));
        }
        in.get(from, pending, pendingLength, length);
        pendingLength += length;
    }

    private Frame decodePending() {
        int length = pendingLength;
        if (length > 0 && pending[length - 1] == '\r') {
            length--;
        }
        pendingLength = 0;
        try {
            return new Frame.Text(decoder.reset().decode(ByteBuffer.wrap(pending, 0, length)).toString());
        } catch (CharacterCodingException e) {
            return new Frame.Undecodable("the line is not valid UTF-8");
        } finally {
            if (pending.length > 64 * 1024) {
                pending = new byte[1024]; // give back a big line's buffer
            }
        }
    }
}
