package dev.vigil.liveness;

import java.io.PrintStream;

/** The watchdog's fixed configuration and its seams to the outside world. */
record WatchdogSettings(
        long startNanos,
        long deadlockIntervalNanos,
        StallPolicy policy,
        Halter halter,
        Notifier notifier,
        ThreadInspector inspector,
        PrintStream haltReport) {
}
