package dev.vigil.config;

/** What a service's liveness failures lead to: {@code on_degraded = "restart" | "warn"}. */
public enum DegradedAction {
    /** Restart the failing process (or the whole service) after {@code restart_after} failures. */
    RESTART,
    /** Stay DEGRADED and say so; never restart on a probe. */
    WARN
}
