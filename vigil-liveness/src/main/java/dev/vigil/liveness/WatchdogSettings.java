package dev.vigil.liveness;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/** The watchdog's fixed configuration and its seams to the outside world. */
record WatchdogSettings(
        long startNanos,
        long deadlockIntervalNanos,
        StallPolicy policy,
        Halter halter,
        Notifier notifier,
        ThreadInspector inspector,
        PrintStream haltReport,
        Supplier<List<SchedulingOutcome>> scheduling) {
}
