package dev.vigil.supervise;

import dev.vigil.config.BackoffSpec;

/**
 * Backoff arithmetic: {@code initial * multiplier^(attempt-1)}, capped at {@code max}, then spread
 * by {@code ±jitter}. Attempt 1 is the first restart. Pure.
 */
final class Backoff {
    private Backoff() {
    }

    /**
     * The delay before restart number {@code attempt}.
     *
     * @param sample a jitter sample in [-1, 1] (see {@link Jitter})
     * @return nanoseconds, never negative; within {@code base * (1 ± jitter)} of the capped base
     */
    static long delayNanos(BackoffSpec spec, int attempt, double sample) {
        double initial = spec.initial().toNanos();
        double max = spec.max().toNanos();
        // Math.pow overflows to Infinity for large attempts; min() then caps it at max, no wrap.
        double base = Math.min(max, initial * Math.pow(spec.multiplier(), Math.max(0, attempt - 1)));
        double clampedSample = Math.max(-1.0, Math.min(1.0, sample));
        double spread = base * (1.0 + spec.jitter() * clampedSample);
        return Math.max(0L, Math.round(spread));
    }

    /**
     * The attempt number for the next restart, given the one before and how long the process that
     * just exited stayed up: a run of at least {@code reset_after} proves the last fix worked, so
     * the count starts over.
     */
    static int nextAttempt(BackoffSpec spec, int previousAttempt, long upNanos) {
        return upNanos >= spec.resetAfter().toNanos() ? 1 : previousAttempt + 1;
    }
}
