package dev.vigil.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How a service is restarted.
 *
 * @param mode         when to restart
 * @param backoff      delay between restarts
 * @param maxRestarts  crash-loop intensity: more than this many restarts within {@code period}
 *                     makes the service FAILED (default 5)
 * @param period       the intensity window (default 60s)
 * @param failedRetry  from FAILED, try again after this long (default 5m); empty = never
 *                     ({@code failed_retry = "never"}), only {@code vigil reset} revives it
 */
public record RestartPolicy(
        RestartMode mode,
        BackoffSpec backoff,
        int maxRestarts,
        Duration period,
        Optional<Duration> failedRetry) {
}
