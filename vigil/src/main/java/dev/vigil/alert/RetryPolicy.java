package dev.vigil.alert;

import java.time.Duration;

/**
 * How often and how patiently a retryable failure is tried again: {@code attempts} in all, waiting
 * {@code initial}, then twice as long each time up to {@code max}.
 */
record RetryPolicy(int attempts, Duration initial, Duration max) {

    static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration delayAfter(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = initial.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }
}
