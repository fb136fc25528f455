package dev.vigil.supervise;

import dev.vigil.config.DaemonSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon-wide storm guard: at most {@code limit} probe- or watchdog-triggered restarts within
 * {@code periodNanos}, across all services, so that a shared dependency going down does not make
 * every service restart at once. Immutable; the shell threads the latest value through every step.
 */
record RestartBudget(int limit, long periodNanos, List<Long> spentNanos) {

    RestartBudget {
        spentNanos = List.copyOf(spentNanos);
    }

    static RestartBudget of(DaemonSettings settings) {
        return new RestartBudget(settings.probeRestartBudget(), settings.probeRestartPeriod().toNanos(), List.of());
    }

    /** The budget after spending one restart now, or empty when none is left in the window. */
    Optional<RestartBudget> spend(long now) {
        List<Long> kept = new ArrayList<>();
        for (long t : spentNanos) {
            if (t > now - periodNanos) {
                kept.add(t);
            }
        }
        if (kept.size() >= limit) {
            return Optional.empty();
        }
        kept.add(now);
        return Optional.of(new RestartBudget(limit, periodNanos, kept));
    }

    /** The same spending under new limits (a reload changed {@code [daemon]}). */
    RestartBudget withSettings(DaemonSettings settings) {
        return new RestartBudget(settings.probeRestartBudget(), settings.probeRestartPeriod().toNanos(), spentNanos);
    }
}
