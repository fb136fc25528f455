package dev.vigil.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;

/**
 * Copies one output stream of a process into its {@link RotatingLog} and {@link TailBuffer}, line
 * by line, until end of file.
 *
 * <p>Every read returns a chunk; its complete lines go to the log in one call, stamped with the
 * time the chunk arrived (one clock read and one format per chunk, not per line, keeps a burst of
 * millions of lines cheap); an incomplete last line waits for the next chunk, and is written as a
 * line of its own at end of file. A line longer than {@link #MAX_LINE} bytes is split into lines of
 * that size. Only the last lines of a chunk that can still be in the tail are decoded to Strings.
 *
 * <p>Runs on a dedicated platform thread: the read blocks in the kernel, which would pin a virtual
 * thread's carrier anyway.
 */
final class OutputPump implements Runnable {
    static final int MAX_LINE = 64 * 1024;
    private static final int FIRST_BUFFER = 4 * 1024;

    private final InputStream in;
    private final LogLine.Stream stream;
    private final RotatingLog log;
    private final TailBuffer tail;
    private final InstantSource clock;
    private final byte[] tag;

    OutputPump(InputStream in, LogLine.Stream stream, RotatingLog log, TailBuffer tail, InstantSource clock) {
        this.in = in;
        this.stream = stream;
        this.log = log;
        this.tail = tail;
        this.clock = clock;
        this.tag = (stream == LogLine.Stream.STDOUT ? " out " : " err ").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void run() {
        // Starts small (most services print little) and grows to the pipe's 64 KiB under a burst.
        byte[] buffer = new byte[FIRST_BUFFER];
        int[] starts = new int[64];
        int[] ends = new int[64];
        int filled = 0;
        try (in) {
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    if (filled > 0) {
                        starts[0] = 0;
                        ends[0] = filled;
                        emit(clock.instant(), buffer, starts, ends, 1);
                    }
                    return;
                }
                boolean full = filled + n == buffer.length;
                int scanFrom = filled;
                filled += n;
                int count = 0;
                int lineStart = 0;
                for (int i = scanFrom; i < filled; i++) {
                    if (buffer[i] == '\n') {
                        if (count == starts.length) {
                            starts = java.util.Arrays.copyOf(starts, count * 2);
                            ends = java.util.Arrays.copyOf(ends, count * 2);
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
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 4));
                }
            }
        } catch (IOException e) {
            byte[] text = ("[vigil: reading " + stream.name().toLowerCase(java.util.Locale.ROOT)
                    + " failed: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8);
            emit(clock.instant(), text, new int[] {0}, new int[] {text.length}, 1);
        }
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
