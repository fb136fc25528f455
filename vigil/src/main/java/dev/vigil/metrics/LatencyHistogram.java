package dev.vigil.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in fixed buckets (seconds), the shape a Prometheus classic histogram exports: probe
 * round latencies ({@link #BOUNDS}) or how late probe rounds start ({@link #LATENESS_BOUNDS}).
 * Recording is two adder increments, no lock, no allocation. Thread-safe.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds; the last bucket is +Inf. */
    public static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            Double.POSITIVE_INFINITY};

    /** Upper bounds for lateness: a healthy scheduler starts rounds well under a millisecond late. */
    public static final double[] LATENESS_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

    /** Per-bucket (not cumulative) counts, in the order of {@link #BOUNDS}, and the sum of all values. */
    public record Counts(long[] counts, double sumSeconds) {}

    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    LatencyHistogram() {
        this(BOUNDS);
    }

    /** @param bounds ascending upper bounds in seconds, the last one +Inf */
    LatencyHistogram(double[] bounds) {
        this.bounds = bounds;
        this.buckets = new LongAdder[bounds.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(double seconds) {
        int i = 0;
        while (seconds > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(seconds);
    }

    public Counts counts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Counts(counts, sum.sum());
    }
}
