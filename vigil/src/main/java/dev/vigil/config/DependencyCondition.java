package dev.vigil.config;

import java.util.Locale;

/**
 * What a service waits for in a service it {@code depends_on}: written in lower case in the config
 * ({@code depends_on = { db = "ready" }}), shown the same way in reasons and {@code vigil list --tree}.
 */
public enum DependencyCondition {
    /** The dependency's processes were spawned (it has a pid), whatever they do next. */
    STARTED,
    /**
     * The dependency passed its start gates: READY=1 for {@code type = "notify"} and its startup
     * probes, then its readiness probes; simply running when it has none of them.
     */
    READY,
    /** The dependency is RUNNING: up, ready and not degraded. */
    HEALTHY,
    /** The dependency ran and exited 0 (a one-shot job with {@code restart = "never"}). */
    COMPLETED;

    /** The word used in the config and in messages ("ready"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
