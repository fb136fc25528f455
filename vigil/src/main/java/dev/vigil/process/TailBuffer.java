package dev.vigil.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a process's output, in arrival order, each numbered by its position in the
 * whole output: at most {@code capacity} lines and at most {@code maxBytes} (see
 * {@link TailLimits#LINE_OVERHEAD} for what a line costs), within the {@link TailBudget} shared by
 * every tail of the launcher. A new line evicts this tail's own oldest lines until it fits both
 * bounds; if it cannot fit even in an empty tail (the daemon-wide budget is spent by other tails,
 * or the line alone is over {@code maxBytes}) it is counted but not kept: it is still in the log
 * file. Thread-safe: the capture loop adds, request threads read.
 */
final class TailBuffer {
    private final LogLine[] ring;
    private final long maxBytes;
    private final TailBudget budget;
    private final TailBudget.Held heldBytes = new TailBudget.Held();
    private long added;
    private int held;   // the newest `held` seqs are in the ring; skipped lines break that run

    /** Bounded in lines only (tests of the numbering). */
    TailBuffer(int capacity) {
        this(capacity, Long.MAX_VALUE, TailBudget.unlimited());
    }

    TailBuffer(int capacity, long maxBytes, TailBudget budget) {
        this.ring = new LogLine[Math.max(0, capacity)];
        this.maxBytes = maxBytes;
        this.budget = budget;
        budget.releaseWhenUnreachable(this, heldBytes);
    }

    static long cost(String text) {
        return TailLimits.cost(text);
    }

    synchronized void add(Instant at, LogLine.Stream stream, String text) {
        long cost = cost(text);
        if (ring.length == 0 || cost > maxBytes) {
            skip(1);
            return;
        }
        while (held > 0 && (held == ring.length || heldBytes.bytes + cost > maxBytes)) {
            evictOldest();
        }
        while (!budget.tryReserve(cost)) {
            if (held == 0) {
                added++;   // the daemon-wide budget is spent by other tails: counted, not kept
                return;
            }
            evictOldest();
        }
        added++;
        ring[index(added)] = new LogLine(added, at, stream, text);
        heldBytes.bytes += cost;
        held++;
    }

    /** Counts lines that were captured to the log file but never kept here (they could not fit). */
    synchronized void skip(long lines) {
        if (lines > 0) {
            while (held > 0) {
                evictOldest();
            }
            added += lines;
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

    /** What the held lines cost now. */
    synchronized long bytes() {
        return heldBytes.bytes;
    }

    private List<LogLine> range(long fromExclusive, int count) {
        List<LogLine> lines = new ArrayList<>(count);
        for (long seq = fromExclusive + 1; seq <= fromExclusive + count; seq++) {
            lines.add(ring[index(seq)]);
        }
        return lines;
    }

    /** Drops the oldest held line; its slot is cleared so the line can be collected at once. */
    private void evictOldest() {
        int slot = index(added - held + 1);
        LogLine line = ring[slot];
        if (line != null) {
            long cost = cost(line.text());
            heldBytes.bytes -= cost;
            budget.release(cost);
            ring[slot] = null;
        }
        held--;
    }

    private int index(long seq) {
        return (int) ((seq - 1) % ring.length);
    }

    int capacity() {
        return ring.length;
    }
}
