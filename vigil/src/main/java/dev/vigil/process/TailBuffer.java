package dev.vigil.process;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} log lines of a process, in arrival order. Thread-safe. */
final class TailBuffer {
    private final LogLine[] ring;
    private long added;

    TailBuffer(int capacity) {
        this.ring = new LogLine[Math.max(0, capacity)];
    }

    synchronized void add(LogLine line) {
        if (ring.length == 0) {
            return;
        }
        ring[(int) (added % ring.length)] = line;
        added++;
    }

    /** At most {@code max} lines, oldest first. */
    synchronized List<LogLine> last(int max) {
        int count = (int) Math.min(Math.min(added, ring.length), Math.max(0, max));
        List<LogLine> lines = new ArrayList<>(count);
        for (long i = added - count; i < added; i++) {
            lines.add(ring[(int) (i % ring.length)]);
        }
        return lines;
    }

    int capacity() {
        return ring.length;
    }
}
