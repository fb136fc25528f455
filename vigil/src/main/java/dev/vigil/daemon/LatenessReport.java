package dev.vigil.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A debug aid for benchmarks: collects how late each probe round started (the scheduler's
 * lateness observer) in 0.1 ms buckets up to 1 s, and every {@code period} prints one line to
 * {@code err} with the count, p50, p99 and max of that period, then starts over. Enabled with
 * {@code -Dvigil.probe.lateness.report=30s}; otherwise the daemon passes a no-op observer.
 * Thread-safe and allocation-free per round.
 */
final class LatenessReport implements LongConsumer {
    static final String PROPERTY = "vigil.probe.lateness.report";
    private static final int BUCKETS = 10_000;
    private static final long BUCKET_NANOS = 100_000;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong max = new AtomicLong();

    @Override
    public void accept(long latenessNanos) {
        long late = Math.max(0, latenessNanos);
        buckets.incrementAndGet((int) Math.min(BUCKETS, late / BUCKET_NANOS));
        max.accumulateAndGet(late, Math::max);
    }

    /** The observer the daemon should use: a reporting one when the property asks for it. */
    static LongConsumer fromSystemProperty(PrintStream err) {
        String period = System.getProperty(PROPERTY);
        if (period == null) {
            return lateness -> { };
        }
        Duration every = dev.vigil.config.Durations.parse(period);
        LatenessReport report = new LatenessReport();
        Thread.ofPlatform().daemon().name("vigil-lateness-report").start(() -> {
            while (true) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                err.println(report.drain(every));
            }
        });
        return report;
    }

    /** The line for the period just ended; resets the counts. */
    String drain(Duration period) {
        long[] counts = new long[BUCKETS + 1];
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            counts[i] = buckets.getAndSet(i, 0);
            total += counts[i];
        }
        long worst = max.getAndSet(0);
        return "probe lateness over " + period.toSeconds() + "s: rounds " + total + ", p50 " + percentile(counts, total, 0.50)
                + " ms, p99 " + percentile(counts, total, 0.99) + " ms, max " + String.format(Locale.ROOT, "%.1f", worst / 1e6) + " ms";
    }

    private static String percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && total > 0) {
                return i == BUCKETS ? ">1000" : String.format(Locale.ROOT, "%.1f", (i + 1) * BUCKET_NANOS / 1e6);
            }
        }
        return "-";
    }
}
