package dev.vigil.daemon;

import dev.vigil.api.InvalidParamsException;
import dev.vigil.api.LogEntry;
import dev.vigil.api.LogPage;
import dev.vigil.process.LogLine;
import dev.vigil.process.RunningProcess;
import dev.vigil.process.TailLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One numbered stream of output lines per service, across its processes and their restarts, so
 * that {@code vigil logs -f} can resume after the last line it printed and never print a line
 * twice or skip one silently.
 *
 * <p>Lines are pulled on demand from the in-memory tails of the service's recent process
 * instances (the current one and the one before, so the last words of a crashed process stay
 * readable) and given service-wide sequence numbers. Lines a process wrote while nobody read and
 * that left its tail before the next read are counted in {@link LogPage#dropped()}; they are
 * still in the log files on disk. Thread-safe.
 */
final class LogJournal {
    /** Lines kept per service once numbered. */
    static final int CAPACITY = 10_000;
    private static final int INSTANCES_KEPT = 2;

    private final Map<String, ServiceLog> services = new HashMap<>();
    /** Bytes ({@link TailLimits#cost}) of numbered lines held per service, and for all services. */
    private final long serviceBytes;
    private final long totalBytes;
    private long heldBytes;

    LogJournal() {
        this(TailLimits.defaults());
    }

    /**
     * Bounded like the tails it reads (issue 9 item 1: 10,000 lines of 64 KiB were 640 MB): at most
     * twice a process's tail bytes per service, and the daemon's total tail bytes for all services.
     * Lines that do not fit push out the service's oldest; a reader sees them as dropped.
     */
    LogJournal(TailLimits limits) {
        this.serviceBytes = 2 * limits.perProcessBytes();
        this.totalBytes = limits.totalBytes();
    }

    /** A new instance of {@code process} of {@code service} started. */
    synchronized void attach(String service, String process, RunningProcess running) {
        ServiceLog log = services.computeIfAbsent(service, s -> new ServiceLog());
        log.pull();   // number what the previous instance wrote before it is pushed out
        log.sources.add(new Source(process, running));
        long sameName = log.sources.stream().filter(s -> s.process.equals(process)).count();
        for (Iterator<Source> it = log.sources.iterator(); it.hasNext() && sameName > INSTANCES_KEPT; ) {
            if (it.next().process.equals(process)) {
                it.remove();
                sameName--;
            }
        }
    }

    /** The service was removed from the configuration. */
    synchronized void forget(String service) {
        ServiceLog removed = services.remove(service);
        if (removed != null) {
            heldBytes -= removed.bytes;
        }
    }

    /**
     * Without {@code after}: the last {@code lines} lines. With it: the first {@code lines} lines
     * numbered above it. Optionally only one process's lines.
     *
     * @throws InvalidParamsException when {@code after} is past the last line numbered so far: a
     *         cursor is only meaningful to the daemon that gave it (numbering restarts with the
     *         daemon), and guessing would either hide new lines or report a nonsense drop count
     */
    synchronized LogPage page(String service, String process, int lines, Long after) {
        ServiceLog log = services.get(service);
        if (log == null) {
            return new LogPage(List.of(), after == null ? 0 : after, 0);
        }
        log.pull();
        List<LogEntry> matching = new ArrayList<>();
        long dropped = 0;
        if (after == null) {
            for (Iterator<LogEntry> it = log.entries.descendingIterator(); it.hasNext() && matching.size() < lines; ) {
                LogEntry e = it.next();
                if (process == null || e.process().equals(process)) {
                    matching.addFirst(e);
                }
            }
            return new LogPage(matching, log.nextSeq - 1, 0);
        }
        long end = log.nextSeq - 1;
        if (after > end) {
            throw new InvalidParamsException("after", "is past the end of the log (last seq " + end + ", was " + after
                    + "); a cursor is only valid for the daemon that gave it: ask again without 'after'");
        }
        long oldestHeld = log.entries.isEmpty() ? log.nextSeq : log.entries.peekFirst().seq();
        if (oldestHeld > after + 1) {
            dropped = oldestHeld - after - 1;
        }
        dropped += log.unnumberedLost(after);
        long cursor = after;
        for (LogEntry e : log.entries) {
            if (e.seq() <= after) {
                continue;
            }
            if (matching.size() == lines) {
                break;
            }
            cursor = e.seq();
            if (process == null || e.process().equals(process)) {
                matching.add(e);
            }
        }
        if (matching.size() < lines) {
            cursor = Math.max(after, log.nextSeq - 1);   // read to the end: resume after everything seen
        }
        return new LogPage(matching, cursor, dropped);
    }

    private static final class Source {
        final String process;
        final RunningProcess running;
        long pulled;   // last process-level seq numbered

        Source(String process, RunningProcess running) {
            this.process = process;
            this.running = running;
        }
    }

    private final class ServiceLog {
        final List<Source> sources = new ArrayList<>();
        final Deque<LogEntry> entries = new ArrayDeque<>();
        long bytes;
        /** Service seq after which lines were lost before they could be numbered, and how many. */
        final Deque<long[]> losses = new ArrayDeque<>();
        long nextSeq = 1;

        void pull() {
            List<Tagged> fresh = new ArrayList<>();
            for (Source source : sources) {
                List<LogLine> lines = source.running.tailAfter(source.pulled, CAPACITY);
                if (!lines.isEmpty()) {
                    long gap = lines.getFirst().seq() - source.pulled - 1;
                    if (gap > 0) {
                        losses.add(new long[] {nextSeq - 1, gap});
                    }
                    source.pulled = lines.getLast().seq();
                    lines.forEach(line -> fresh.add(new Tagged(source.process, line)));
                }
            }
            fresh.sort(Comparator.comparing((Tagged t) -> t.line.at()));
            for (Tagged t : fresh) {
                entries.addLast(new LogEntry(nextSeq++, t.line.at(),
                        t.line.stream().name().toLowerCase(Locale.ROOT), t.line.text(), t.process));
                long cost = TailLimits.cost(t.line.text());
                bytes += cost;
                heldBytes += cost;
                while (!entries.isEmpty() && (entries.size() > CAPACITY || bytes > serviceBytes)) {
                    dropOldest();
                }
                while (heldBytes > totalBytes) {
                    // Over the daemon-wide bound: the service holding most gives way, so a quiet one keeps its lines.
                    services.values().stream().max(Comparator.comparingLong(l -> l.bytes)).orElse(this).dropOldest();
                }
            }
            while (losses.size() > 1000) {
                losses.removeFirst();
            }
        }

        void dropOldest() {
            long freed = TailLimits.cost(entries.removeFirst().text());
            bytes -= freed;
            heldBytes -= freed;
        }

        long unnumberedLost(long after) {
            long lost = 0;
            for (long[] loss : losses) {
                if (loss[0] >= after) {
                    lost += loss[1];
                }
            }
            return lost;
        }
    }

    private record Tagged(String process, LogLine line) {}
}
