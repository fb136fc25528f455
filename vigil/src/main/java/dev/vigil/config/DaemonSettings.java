package dev.vigil.config;

import java.time.Duration;

/**
 * Daemon-wide settings from the optional {@code [daemon]} table.
 *
 * @param probeRestartBudget  how many probe- or watchdog-triggered restarts the whole daemon may
 *                            make within {@code probeRestartPeriod} before it stops restarting and
 *                            leaves services DEGRADED with "restart budget exhausted" (storm guard);
 *                            default 3
 * @param probeRestartPeriod  the window of that budget; default 1m
 * @param eventRetention      stored events older than this are deleted; default 720h (30 days)
 * @param eventRetentionRows  at most this many stored events are kept, the newest; default 1,000,000
 * @param logRetention        rotated process logs, and every log of a service no longer in the
 *                            config, untouched for longer than this are deleted; empty = kept forever
 */
public record DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, Duration eventRetention,
                             int eventRetentionRows, java.util.Optional<Duration> logRetention) {
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_EVENT_RETENTION_ROWS = 1_000_000;

    /** Without log retention. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, Duration eventRetention,
                          int eventRetentionRows) {
        this(probeRestartBudget, probeRestartPeriod, eventRetention, eventRetentionRows, java.util.Optional.empty());
    }

    /** The restart budget with the default event retention. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod) {
        this(probeRestartBudget, probeRestartPeriod, DEFAULT_EVENT_RETENTION, DEFAULT_EVENT_RETENTION_ROWS);
    }

    public static DaemonSettings defaults() {
        return new DaemonSettings(3, Duration.ofMinutes(1));
    }
}
