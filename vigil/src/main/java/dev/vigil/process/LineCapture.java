package dev.vigil.process;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cuts one output stream of a process into lines for its {@link RotatingLog} and
 * {@link TailBuffer}, fed chunk by chunk as they are read from the pipe.
 *
 * <p>Every chunk's complete lines go to the log in one call, stamped with the time the chunk
 * arrived (one clock read and one format per chunk, not per line, keeps a burst of millions of
 * lines cheap); an incomplete last line waits for the next chunk, and is written as a line of its
 * own at end of file. A line longer than {@link #MAX_LINE} bytes is split into lines of that size.
 * Only the last lines of a chunk that can still be in the tail are decoded to Strings.
 *
 * <p>Not thread-safe: one reader feeds it (the {@link CaptureLoop} thread).
 */
final class LineCapture {
    static final int MAX_LINE = 64 * 1024;
    private static final int FIRST_BUFFER = 4 * 1024;

    private final LogLine.Stream stream;
    private final RotatingLog log;
    private final TailBuffer tail;
    private final InstantSource clock;
    private final byte[] tag;
    // Starts small (most services print little) and grows to the pipe's 64 KiB under a burst.
    private byte[] buffer = new byte[FIRST_BUFFER];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int filled;

    LineCapture(LogLine.Stream stream, RotatingLog log, TailBuffer tail, InstantSource clock) {
        this.stream = stream;
        this.log = log;
        this.tail = tail;
        this.clock = clock;
        this.tag = (stream == LogLine.Stream.STDOUT ? " out " : " err ").getBytes(StandardCharsets.US_ASCII);
    }

    LogLine.Stream stream() {
        return stream;
    }

    /** How many bytes the next chunk may have: a read asks for exactly this many. */
    int room() {
        return buffer.length - filled;
    }

    /** Takes the first {@code n} bytes of {@code chunk} ({@code 0 < n <= room()}). */
    void accept(MemorySegment chunk, int n) {
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, buffer, filled, n);
        boolean full = filled + n == buffer.length;
        int scanFrom = filled;
        filled += n;
        int count = 0;
        int lineStart = 0;
        for (int i = scanFrom; i < filled; i++) {
            if (buffer[i] == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = lineStart;
                ends[count] = i;
                count++;
                lineStart = i + 1;
            }
        }
        if (count == 0 && filled - lineStart >= MAX_LINE) {
            starts[0] = lineStart;
            ends[0] = filled;
            count = 1;
            lineStart = filled;
        }
        if (count > 0) {
            emit(clock.instant(), buffer, starts, ends, count);
        }
        System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
        filled -= lineStart;
        if ((full || filled == buffer.length) && buffer.length < MAX_LINE) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 4));
        }
    }

    /** End of file: a final line without newline becomes a line of its own. */
    void endOfFile() {
        if (filled > 0) {
            starts[0] = 0;
            ends[0] = filled;
            emit(clock.instant(), buffer, starts, ends, 1);
            filled = 0;
        }
        buffer = null;
    }

    /** A read failed: says so in the log (the partial line is dropped; nothing more will come). */
    void readFailed(String reason) {
        byte[] text = ("[vigil: reading " + stream.name().toLowerCase(Locale.ROOT) + " failed: " + reason + "]")
                .getBytes(StandardCharsets.UTF_8);
        emit(clock.instant(), text, new int[] {0}, new int[] {text.length}, 1);
        buffer = null;
    }

    private void emit(Instant at, byte[] data, int[] starts, int[] ends, int count) {
        byte[] stamp = DateTimeFormatter.ISO_INSTANT.format(at).getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = new byte[stamp.length + tag.length];
        System.arraycopy(stamp, 0, prefix, 0, stamp.length);
        System.arraycopy(tag, 0, prefix, stamp.length, tag.length);
        log.append(prefix, data, starts, ends, count);
        int firstKept = Math.max(0, count - tail.capacity());
        tail.skip(firstKept);
        for (int i = firstKept; i < count; i++) {
            tail.add(at, stream, new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8));
        }
    }
}
