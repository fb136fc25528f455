package dev.vigil.liveness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

/**
 * The watchdog's decisions, one step at a time, with time passed in: which heartbeats stalled,
 * whether threads deadlocked, what readiness is, what to tell systemd, and whether to halt.
 * Confined to the watchdog thread; {@link WatchdogLoop} calls it, tests call it directly.
 */
final class Watchdog {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");

    private final WatchdogSettings settings;
    private final Queue<Heartbeat> registrations;
    private final ReadinessState readiness;
    private final List<CheckRunner> checks;
    private final List<HeartbeatWatch> watches = new ArrayList<>();
    private final PauseTracker pauses = new PauseTracker(512);
    private final long pingIntervalNanos;
    private long nextDeadlockCheckNanos;
    private List<String> deadlocks = List.of();
    private long nextPingNanos;
    private boolean readySent;
    private String lastStatusLine = "";

    Watchdog(WatchdogSettings settings, Queue<Heartbeat> registrations, ReadinessState readiness, List<CheckRunner> checks) {
        this.settings = settings;
        this.registrations = registrations;
        this.readiness = readiness;
        this.checks = List.copyOf(checks);
        this.pingIntervalNanos = settings.notifier().watchdogInterval().map(i -> i.toNanos() / 2).orElse(0L);
        this.nextDeadlockCheckNanos = settings.startNanos();
        this.nextPingNanos = settings.startNanos();
    }

    /** A wake-up at its scheduled time plus {@code latenessNanos}: records the pause, then evaluates. */
    HealthSnapshot onScheduledWake(long nowNanos, long latenessNanos) {
        pauses.record(latenessNanos);
        drainRegistrations();
        for (HeartbeatWatch watch : watches) {
            watch.creditPause(latenessNanos, nowNanos);
        }
        return evaluate(nowNanos);
    }

    /** Judges everything at {@code now} and acts on changes. */
    HealthSnapshot evaluate(long nowNanos) {
        drainRegistrations();
        List<HeartbeatWatch> newlyStalled = new ArrayList<>();
        for (HeartbeatWatch watch : watches) {
            switch (watch.observe(nowNanos)) {
                case STALLED -> newlyStalled.add(watch);
                case RECOVERED -> LOG.log(System.Logger.Level.INFO, "heartbeat recovered loop={0}", watch.heartbeat().name());
                case NONE -> { }
            }
        }
        List<String> newDeadlocks = List.of();
        if (nowNanos - nextDeadlockCheckNanos >= 0) {
            nextDeadlockCheckNanos = nowNanos + settings.deadlockIntervalNanos();
            List<String> found = settings.inspector().deadlockedThreads();
            if (!found.isEmpty() && !found.equals(deadlocks)) {
                newDeadlocks = found;
            }
            deadlocks = found;
        }
        List<String> reasons = new ArrayList<>();
        String declared = readiness.reason();
        if (declared != null) {
            reasons.add(declared);
        }
        List<HealthSnapshot.CheckStatus> checkStatuses = new ArrayList<>();
        for (CheckRunner check : checks) {
            HealthSnapshot.CheckStatus status = check.poll(nowNanos);
            checkStatuses.add(status);
            if (!status.ready()) {
                reasons.add(status.reason());
            }
        }
        List<HealthSnapshot.HeartbeatStatus> beats = watches.stream().map(w -> w.status(nowNanos)).toList();
        HealthSnapshot snapshot = new HealthSnapshot(nowNanos - settings.startNanos(), readiness.started(), beats,
                deadlocks, pauses.summary(), reasons, checkStatuses, settings.scheduling().get());
        if (!newlyStalled.isEmpty() || !newDeadlocks.isEmpty()) {
            onWedge(nowNanos, newlyStalled, newDeadlocks);
        }
        notifyManager(nowNanos, snapshot);
        return snapshot;
    }

    /**
     * When the loop should wake next: the next periodic sample, or earlier, the instant the
     * first fresh heartbeat runs out of budget. Waking at that instant turns a silent loop red
     * within its budget plus one sampling period (the beat is dated at the sample that saw it),
     * instead of plus two.
     */
    long nextWakeNanos(long nextSampleNanos) {
        long wake = nextSampleNanos;
        for (HeartbeatWatch watch : watches) {
            long deadline = watch.stallDeadlineNanos();
            if (deadline - wake < 0) {
                wake = deadline;
            }
        }
        return wake;
    }

    private void drainRegistrations() {
        for (Heartbeat added; (added = registrations.poll()) != null; ) {
            watches.add(new HeartbeatWatch(added));
        }
    }

    private void onWedge(long nowNanos, List<HeartbeatWatch> stalled, List<String> newDeadlocks) {
        StringBuilder report = new StringBuilder();
        for (HeartbeatWatch watch : stalled) {
            HealthSnapshot.HeartbeatStatus status = watch.status(nowNanos);
            LOG.log(System.Logger.Level.ERROR, "heartbeat stalled loop={0} budget_ms={1} age_ms={2} stalls={3} policy={4}",
                    status.name(), HealthSnapshot.millis(status.budgetNanos()), HealthSnapshot.millis(status.ageNanos()),
                    status.stalls(), settings.policy());
            String stack = StallReport.stackOf(watch.heartbeat(), settings.inspector());
            LOG.log(System.Logger.Level.ERROR, "stalled loop {0}: {1}", status.name(), stack);
            report.append("vigil-liveness: heartbeat '").append(status.name()).append("' stalled (age ")
                    .append(HealthSnapshot.millis(status.ageNanos())).append(" ms > budget ")
                    .append(HealthSnapshot.millis(status.budgetNanos())).append(" ms)\n").append(stack);
        }
        if (!newDeadlocks.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "threads deadlocked: {0} policy={1}", newDeadlocks, settings.policy());
            report.append("vigil-liveness: threads deadlocked: ").append(newDeadlocks).append('\n');
        }
        settings.notifier().send("WATCHDOG=trigger");
        switch (settings.policy()) {
            case REPORT -> { }
            case HALT -> {
                // Straight to stderr as well: the application's logging may be asynchronous and
                // would be lost by the halt.
                PrintStream err = settings.haltReport();
                err.print(report);
                err.println("vigil-liveness: halting with status " + StallPolicy.HALT_STATUS);
                err.flush();
                settings.halter().halt(StallPolicy.HALT_STATUS);
            }
        }
    }

    private void notifyManager(long nowNanos, HealthSnapshot snapshot) {
        Notifier notifier = settings.notifier();
        if (snapshot.started() && !readySent) {
            readySent = true;
            notifier.send("READY=1");
        }
        String status = StallReport.statusLine(snapshot);
        if (!status.equals(lastStatusLine)) {
            lastStatusLine = status;
            notifier.send("STATUS=" + status);
        }
        // Pinging regardless of the heartbeats would hide exactly the wedge the watchdog exists for.
        if (pingIntervalNanos > 0 && snapshot.live() && nowNanos - nextPingNanos >= 0) {
            nextPingNanos = nowNanos + pingIntervalNanos;
            notifier.send("WATCHDOG=1");
        }
    }

    /** The systemd ping interval (WATCHDOG_USEC / 2), if pinging. */
    Optional<Long> pingIntervalNanos() {
        return pingIntervalNanos > 0 ? Optional.of(pingIntervalNanos) : Optional.empty();
    }
}
