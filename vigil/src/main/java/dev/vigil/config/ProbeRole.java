package dev.vigil.config;

/** What a probe's verdict is allowed to do. */
public enum ProbeRole {
    /** Failing makes the service DEGRADED and, by {@code on_degraded}, restarts it. */
    LIVENESS,
    /** Failing makes the service DEGRADED only; never restarts. */
    READINESS,
    /** Gates the other probes after each start; not passing within start_timeout is a failed start. */
    STARTUP
}
