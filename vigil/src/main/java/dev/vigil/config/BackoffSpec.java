package dev.vigil.config;

import java.time.Duration;

/**
 * Exponential backoff between restarts: {@code initial * multiplier^(attempt-1)}, capped at
 * {@code max}, spread by up to {@code ±jitter} (a fraction, 0..1). The attempt counter resets once
 * a start has stayed up for {@code resetAfter}.
 *
 * <p>Defaults: initial 1s, max 30s, multiplier 2.0, jitter 0.1, reset_after 30s.
 */
public record BackoffSpec(Duration initial, Duration max, double multiplier, double jitter, Duration resetAfter) {
    public static BackoffSpec defaults() {
        return new BackoffSpec(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.1, Duration.ofSeconds(30));
    }
}
