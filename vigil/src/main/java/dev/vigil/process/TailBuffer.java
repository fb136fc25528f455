package dev.vigil.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} log lines of a process, in arrival order, each numbered by its
 * position in the whole output. Thread-safe: the capture loop adds, request threads read.
 */
final class TailBuffer {
    private final LogLine[] ring;
    private long added;
    private int held;   // the newest `held` seqs are in the ring; skipped lines break that run

    TailBuffer(int capacity) {
        this.ring = new LogLine[Math.max(0, capacity)];
    }

    synchronized void add(Instant at, LogLine.Stream stream, String text) {
        added++;
        if (ring.length > 0) {
            ring[(int) ((added - 1) % ring.length)] = new LogLine(added, at, stream, text);
            held = Math.min(held + 1, ring.length);
        }
    }

    /** Counts lines that were captured to the log file but never kept here (they could not fit). */
    synchronized void skip(long lines) {
        if (lines > 0) {
            added += lines;
            held = 0;
        }
    }

    /** At most {@code max} lines, oldest first. */
    synchronized List<LogLine> last(int max) {
        int count = Math.min(held, Math.max(0, max));
        return range(added - count, count);
    }

    /** The first {@code max} lines numbered above {@code afterSeq} that are still held, oldest first. */
    synchronized List<LogLine> after(long afterSeq, int max) {
        long oldestHeld = added - held;   // seq of the line before the oldest held
        long from = Math.max(afterSeq, oldestHeld);
        int count = (int) Math.max(0, Math.min(added - from, Math.max(0, max)));
        return range(from, count);
    }

    private List<LogLine> range(long fromExclusive, int count) {
        List<LogLine> lines = new ArrayList<>(count);
        for (long i = fromExclusive; i < fromExclusive + count; i++) {
            lines.add(ring[(int) (i % ring.length)]);
        }
        return lines;
    }

    int capacity() {
        return ring.length;
    }
}
