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
 */
public record DaemonSettings(int probeRestartBudget, Duration probeRestartPeriod) {
    public static DaemonSettings defaults() {
        return new DaemonSettings(3, Duration.ofMinutes(1));
    }
}
