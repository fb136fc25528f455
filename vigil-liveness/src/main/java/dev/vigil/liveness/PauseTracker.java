package dev.vigil.liveness;

import java.util.Arrays;

/**
 * JVM-wide pauses measured the jHiccup way: how late the watchdog woke up compared with when it
 * asked to. A GC pause, a safepoint or a starved machine delays every thread alike, this one
 * included. Keeps the most recent samples for p99 and max. Confined to the watchdog thread.
 */
final class PauseTracker {
    private final long[] samples;
    private int next;
    private int count;

    PauseTracker(int capacity) {
        this.samples = new long[capacity];
    }

    void record(long latenessNanos) {
        samples[next] = Math.max(0, latenessNanos);
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    HealthSnapshot.PauseSummary summary() {
        if (count == 0) {
            return new HealthSnapshot.PauseSummary(0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int p99Index = (int) Math.ceil(count * 0.99) - 1;
        return new HealthSnapshot.PauseSummary(count, sorted[p99Index], sorted[count - 1]);
    }
}
