package dev.vigil.config;

import java.time.Duration;
import java.util.Optional;

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
 * @param exitOnFailed        under {@code vigil run}: any service reaching FAILED stops everything
 *                            and makes Vigil exit 3 (default false; {@code critical} does it per service)
 * @param logFormat           under {@code vigil run}: how service output is copied to Vigil's
 *                            stdout/stderr, {@code "prefix"} (default) or {@code "json"}
 */
public record DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, Duration eventRetention,
                             int eventRetentionRows, Optional<Duration> logRetention, boolean exitOnFailed,
                             LogFormat logFormat) {
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_EVENT_RETENTION_ROWS = 1_000_000;

    /** How {@code vigil run} writes service output lines to its own stdout/stderr. */
    public enum LogFormat {
        /** {@code service/process | line} */
        PREFIX,
        /** one JSON object per line: ts, service, process, stream, line */
        JSON
    }

    /** Without log retention, and the {@code vigil run} defaults. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, Duration eventRetention,
                          int eventRetentionRows) {
        this(probeRestartBudget, probeRestartPeriod, eventRetention, eventRetentionRows, Optional.empty(), false,
                LogFormat.PREFIX);
    }

    /** The restart budget with the default retention, and the given {@code vigil run} settings. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, boolean exitOnFailed, LogFormat logFormat) {
        this(probeRestartBudget, probeRestartPeriod, DEFAULT_EVENT_RETENTION, DEFAULT_EVENT_RETENTION_ROWS,
                Optional.empty(), exitOnFailed, logFormat);
    }

    /** The restart budget with every other setting at its default. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod) {
        this(probeRestartBudget, probeRestartPeriod, false, LogFormat.PREFIX);
    }

    public static DaemonSettings defaults() {
        return new DaemonSettings(3, Duration.ofMinutes(1));
    }
}
