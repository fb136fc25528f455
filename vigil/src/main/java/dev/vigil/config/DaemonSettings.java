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
 * @param exitOnFailed        under {@code vigil run}: any service reaching FAILED stops everything
 *                            and makes Vigil exit 3 (default false; {@code critical} does it per service)
 * @param logFormat           under {@code vigil run}: how service output is copied to Vigil's
 *                            stdout/stderr, {@code "prefix"} (default) or {@code "json"}
 */
public record DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod, boolean exitOnFailed,
        LogFormat logFormat) {

    /** How {@code vigil run} writes service output lines to its own stdout/stderr. */
    public enum LogFormat {
        /** {@code service/process | line} */
        PREFIX,
        /** one JSON object per line: ts, service, process, stream, line */
        JSON
    }

    /** The settings of a config written before {@code vigil run} existed. */
    public DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod) {
        this(probeRestartBudget, probeRestartPeriod, false, LogFormat.PREFIX);
    }

    public static DaemonSettings defaults() {
        return new DaemonSettings(3, Duration.ofMinutes(1));
    }
}
