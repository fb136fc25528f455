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
 * own at end of file. A line longer than {@link #MAX_LINE} bytes is cut: its first {@code MAX_LINE}
 * bytes are written at once, marked {@value #TRUNCATED}, the rest is dropped up to the next newline,
 * and a second record says how long the line was. So a service that writes 100 MB without a
 * newline costs 64 KiB of buffer, not 100 MB of lines (issue 9 item 1). Only the last lines of a
 * chunk that can still be in the tail are decoded to Strings.
 *
 * <p>Not thread-safe: one reader feeds it (the {@link CaptureLoop} thread).
 */
final class LineCapture {
    static final int MAX_LINE = 64 * 1024;
    /** Appended to the kept head of a cut line, in the log file and the tail. */
    static final String TRUNCATED = " [vigil: line truncated at " + MAX_LINE + " bytes]";
    private static final int FIRST_BUFFER = 4 * 1024;

    private final LogLine.Stream stream;
    private final RotatingLog log;
    private final TailBuffer tail;
    private final InstantSource clock;
    private final byte[] tag;
    /** Null when nothing is echoed: lines are then decoded only for the tail. */
    private final java.util.function.BiConsumer<Instant, String> echo;
    // Allocated at the first chunk, small (most services print little, many never: 400 eager
    // buffers were 1.8 MB of a 200-service daemon's heap), and grown to the pipe's 64 KiB under a
    // burst. Null again once the stream ended.
    private byte[] buffer;
    private int[] starts;
    private int[] ends;
    private int filled;
    /** Bytes of a cut line dropped so far, or -1 when no line is being cut. */
    private long dropping = -1;

    LineCapture(LogLine.Stream stream, RotatingLog log, TailBuffer tail, InstantSource clock) {
        this(stream, log, tail, clock, null);
    }

    /** @param echo hears every line (see {@link OutputEcho}); null for none */
    LineCapture(LogLine.Stream stream, RotatingLog log, TailBuffer tail, InstantSource clock,
            java.util.function.BiConsumer<Instant, String> echo) {
        this.echo = echo;
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
        return buffer == null ? FIRST_BUFFER : buffer.length - filled;
    }

    /** Takes the first {@code n} bytes of {@code chunk} ({@code 0 < n <= room()}). */
    void accept(MemorySegment chunk, int n) {
        if (buffer == null) {
            buffer = new byte[FIRST_BUFFER];
            starts = new int[64];
            ends = new int[64];
        }
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, buffer, filled, n);
        boolean full = filled + n == buffer.length;
        int scanFrom = filled;
        filled += n;
        if (dropping >= 0) {
            skipRestOfCutLine();
            if (dropping >= 0) {
                return;
            }
            scanFrom = 0;
        }
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
        if (count > 0) {
            emit(clock.instant(), buffer, starts, ends, count);
        }
        if (filled - lineStart >= MAX_LINE) {
            cut(lineStart);
            return;
        }
        System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
        filled -= lineStart;
        if ((full || filled == buffer.length) && buffer.length < MAX_LINE) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 4));
        }
    }

    /** End of file: a final line without newline becomes a line of its own. */
    void endOfFile() {
        if (dropping >= 0) {
            endOfCutLine();
        } else if (filled > 0) {
            starts[0] = 0;
            ends[0] = filled;
            emit(clock.instant(), buffer, starts, ends, 1);
            filled = 0;
        }
        buffer = null;
    }

    /** A read failed: says so in the log (the partial line is dropped; nothing more will come). */
    void readFailed(String reason) {
        emitNote("[vigil: reading " + stream.name().toLowerCase(Locale.ROOT) + " failed: " + reason + "]");
        buffer = null;
    }

    /** The buffer holds {@link #MAX_LINE} bytes of one line from {@code start}: keeps them, marked, and drops the rest. */
    private void cut(int start) {
        byte[] marker = TRUNCATED.getBytes(StandardCharsets.US_ASCII);
        byte[] head = Arrays.copyOfRange(buffer, start, start + MAX_LINE + marker.length);
        System.arraycopy(marker, 0, head, MAX_LINE, marker.length);
        emit(clock.instant(), head, new int[] {0}, new int[] {head.length}, 1);
        dropping = filled - start - MAX_LINE;
        filled = 0;
    }

    /**
     * While a line is being cut: drops the buffer up to the line's end. If the end is in it, the
     * note about the cut line is written and the rest moves to the front of the buffer.
     */
    private void skipRestOfCutLine() {
        int end = 0;
        while (end < filled && buffer[end] != '\n') {
            end++;
        }
        dropping += end;
        if (end == filled) {
            filled = 0;
            return;
        }
        endOfCutLine();
        System.arraycopy(buffer, end + 1, buffer, 0, filled - end - 1);
        filled -= end + 1;
    }

    private void endOfCutLine() {
        emitNote("[vigil: the truncated line above was " + (MAX_LINE + dropping) + " bytes long; " + dropping
                + " bytes of it were dropped]");
        dropping = -1;
    }

    private void emitNote(String note) {
        byte[] text = note.getBytes(StandardCharsets.UTF_8);
        emit(clock.instant(), text, new int[] {0}, new int[] {text.length}, 1);
    }

    private void emit(Instant at, byte[] data, int[] starts, int[] ends, int count) {
        byte[] stamp = DateTimeFormatter.ISO_INSTANT.format(at).getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = new byte[stamp.length + tag.length];
        System.arraycopy(stamp, 0, prefix, 0, stamp.length);
        System.arraycopy(tag, 0, prefix, stamp.length, tag.length);
        log.append(prefix, data, starts, ends, count);
        if (echo != null) {
            for (int i = 0; i < count; i++) {
                echo.accept(at, new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8));
            }
        }
        int firstKept = Math.max(0, count - tail.capacity());
        tail.skip(firstKept);
        for (int i = firstKept; i < count; i++) {
            tail.add(at, stream, new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8));
        }
    }
}
