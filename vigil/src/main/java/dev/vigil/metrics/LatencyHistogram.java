package dev.vigil.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Probe round latencies in fixed buckets (seconds), the shape a Prometheus classic histogram
 * exports. Recording is two adder increments, no lock, no allocation. Thread-safe.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds; the last bucket is +Inf. */
    public static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            Double.POSITIVE_INFINITY};

    /** Per-bucket (not cumulative) counts, in the order of {@link #BOUNDS}, and the sum of all values. */
    public record Counts(long[] counts, double sumSeconds) {}

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
    private final DoubleAdder sum = new DoubleAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(double seconds) {
        int i = 0;
        while (seconds > BOUNDS[i]) {
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
