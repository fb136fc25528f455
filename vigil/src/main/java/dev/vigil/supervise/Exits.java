package dev.vigil.supervise;

import dev.vigil.config.Durations;
import dev.vigil.config.RestartPolicy;
import dev.vigil.process.ExitStatus;
import dev.vigil.supervise.ProcessSlot.StopPurpose;
import dev.vigil.supervise.ServiceState.Then;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exits and the restart policy: always / on-failure / never (OTP permanent / transient /
 * temporary), exponential backoff, and the crash-loop intensity that leads to FAILED.
 */
final class Exits {
    private Exits() {
    }

    /**
     * A process of the current instance is gone: it exited ({@code status} present) or never
     * started ({@code spawnFailure} non-null).
     */
    static void exited(Step s, String name, long instance, Optional<ExitStatus> status, String spawnFailure) {
        ProcessSlot slot = s.ctx.process(name);
        if (slot == null || slot.instance() != instance) {
            return; // stale
        }
        // Who it was when it went: a spawn failure is only news for a process that never started.
        boolean counts = switch (slot.phase()) {
            case ProcessSlot.Spawning p -> true;
            case ProcessSlot.SpawningToStop p -> true;
            case ProcessSlot.Up p -> spawnFailure == null;
            case ProcessSlot.Stopping p -> spawnFailure == null;
            case ProcessSlot.Killed p -> spawnFailure == null;
            case ProcessSlot.Sweeping p -> false;
            case ProcessSlot.Down p -> false;
            case ProcessSlot.Waiting p -> false;
        };
        if (!counts) {
            return;
        }
        boolean hadPid = slot.phase() instanceof ProcessSlot.Live;
        long upNanos = slot.phase() instanceof ProcessSlot.Live live ? s.now - live.startedNanos() : 0;
        Optional<StopPurpose> purpose = slot.purpose();
        String reason = spawnFailure != null ? name + ": spawn failed: " + spawnFailure
                : purpose.equals(Optional.of(StopPurpose.FAILED_START)) ? slot.note()
                : name + " exited: " + status.orElseThrow();
        if (status.isPresent()) {
            boolean expected = purpose.equals(Optional.of(StopPurpose.SHUTDOWN))
                    || purpose.equals(Optional.of(StopPurpose.RESPAWN)) || s.state instanceof ServiceState.Stopping;
            s.emit(new SupervisorEvent.ProcessExited(s.service(), name, instance, status.get(), expected));
        } else {
            s.emit(new SupervisorEvent.SpawnFailed(s.service(), name, instance, spawnFailure));
        }
        if (hadPid) {
            // The leader is gone, but members of its group (or escaped grandchildren) may not be.
            s.effect(new Effect.KillAll(name));
            cancelTimersOf(s, slot);
        }
        Gates.stopProbes(s, s.ctx.probesFor(Optional.of(name)));
        boolean stopping = s.state instanceof ServiceState.Stopping;
        // A stop is done only when nothing of the process runs: its sweep must confirm that first.
        s.process(stopping && hadPid ? slot.sweeping(status, reason) : slot.down(status, reason));

        switch (s.state) {
            case ServiceState.Stopping stop -> finishStoppingIfDone(s, stop);
            case ServiceState.Starting starting -> afterExit(s, name, purpose, status, reason, upNanos);
            case ServiceState.Running running -> afterExit(s, name, purpose, status, reason, upNanos);
            case ServiceState.Degraded degraded -> afterExit(s, name, purpose, status, reason, upNanos);
            case ServiceState.Stopped stopped -> { } // no process can be alive here
            case ServiceState.Backoff backoff -> { }
            case ServiceState.Failed failed -> { }
            case ServiceState.Waiting waiting -> { }
        }
    }

    /**
     * The sweep after an exit has finished. A process swept while the service stops is down now,
     * and the stop may be done; in any other state the sweep ran beside the core and changes nothing.
     */
    static void swept(Step s, String name, long instance) {
        ProcessSlot slot = s.ctx.process(name);
        if (slot == null || slot.instance() != instance || !(slot.phase() instanceof ProcessSlot.Sweeping)) {
            return;
        }
        s.process(slot.down(Optional.empty(), slot.note()));
        switch (s.state) {
            case ServiceState.Stopping stop -> finishStoppingIfDone(s, stop);
            case ServiceState.Starting starting -> Gates.settle(s);
            case ServiceState.Running running -> Gates.settle(s);
            case ServiceState.Degraded degraded -> Gates.settle(s);
            case ServiceState.Stopped stopped -> { }
            case ServiceState.Backoff backoff -> { }
            case ServiceState.Failed failed -> { }
            case ServiceState.Waiting waiting -> { }
        }
    }

    private static void finishStoppingIfDone(Step s, ServiceState.Stopping stopping) {
        if (!s.ctx.anyAlive()) {
            Lifecycle.finishStopping(s, stopping.then());
        }
    }

    /** The timers of a process that has just exited: they must never fire for it. */
    private static void cancelTimersOf(Step s, ProcessSlot slot) {
        switch (slot.phase()) {
            case ProcessSlot.Up up -> {
                if (up.gate() instanceof ProcessSlot.Gate.Closed closed && closed.deadlineNanos().isPresent()) {
                    s.cancel(new TimerKey.StartDeadline(slot.name(), slot.instance()));
                }
                if (up.watchdog().armed()) {
                    s.cancel(new TimerKey.Watchdog(slot.name(), slot.instance()));
                }
            }
            case ProcessSlot.Stopping stopping -> s.cancel(new TimerKey.StopDeadline(slot.name(), slot.instance()));
            case ProcessSlot.Killed killed -> s.cancel(new TimerKey.StopDeadline(slot.name(), slot.instance()));
            case ProcessSlot.Down down -> { }
            case ProcessSlot.Spawning spawning -> { }
            case ProcessSlot.SpawningToStop toStop -> { }
            case ProcessSlot.Sweeping sweeping -> { }
            case ProcessSlot.Waiting waiting -> { }
        }
    }

    private static void afterExit(Step s, String name, Optional<StopPurpose> purpose, Optional<ExitStatus> status,
                                  String reason, long upNanos) {
        if (purpose.equals(Optional.of(StopPurpose.RESPAWN))) {
            // A probe or watchdog restart: counted and budgeted when it was decided.
            Lifecycle.spawn(s, name);
            Gates.settle(s);
            return;
        }
        boolean failure = purpose.equals(Optional.of(StopPurpose.FAILED_START)) || status.map(x -> !x.clean()).orElse(true);
        applyRestartPolicy(s, name, failure, reason, upNanos);
    }

    /** A start of the whole service failed: the restart policy decides, as for a failure with no uptime. */
    static void retryFailedStart(Step s, String reason) {
        applyRestartPolicy(s, null, true, reason, 0);
    }

    /**
     * Decides what an ended process (or, with {@code process == null}, a failed start of the whole
     * service) leads to: a per-process restart after backoff while others live, a whole-service
     * BACKOFF, FAILED when the intensity is exceeded, or STOPPED/DEGRADED when the mode says no.
     */
    private static void applyRestartPolicy(Step s, String process, boolean failure, String reason, long upNanos) {
        RestartPolicy policy = s.ctx.spec().restart();
        boolean othersAlive = process != null && s.ctx.anyAlive();
        boolean restart = switch (policy.mode()) {
            case ALWAYS -> true;
            case ON_FAILURE -> failure;
            case NEVER -> false;
        };
        if (!restart) {
            if (othersAlive) {
                Gates.settle(s);
            } else {
                quiesce(s);
                s.moveTo(new ServiceState.Stopped(reason));
            }
            return;
        }
        if (s.ctx.history().exhausted(policy, s.now)) {
            if (othersAlive) {
                Lifecycle.stopAll(s, new Then.Fail(reason));
            } else {
                fail(s, reason);
            }
            return;
        }
        int attempt = Backoff.nextAttempt(policy.backoff(), s.ctx.attempt(), upNanos);
        long delay = Backoff.delayNanos(policy.backoff(), attempt, s.jitter.sample());
        long until = s.now + delay;
        s.ctx = s.ctx.withRestart(s.now, attempt);
        s.emit(new SupervisorEvent.RestartScheduled(s.service(), othersAlive ? process : null, attempt,
                Durations.millis(delay), reason));
        if (othersAlive) {
            s.process(s.ctx.process(process).in(new ProcessSlot.Waiting(until, reason)));
            s.schedule(new TimerKey.ProcessRestart(process), until);
            Gates.settle(s);
        } else {
            quiesce(s);
            s.moveTo(new ServiceState.Backoff(until, attempt, reason));
            s.schedule(new TimerKey.BackoffEnd(), until);
        }
    }

    /** The crash-loop limit was hit with no process left: FAILED, with the time of the slow retry. */
    static void fail(Step s, String lastReason) {
        RestartPolicy policy = s.ctx.spec().restart();
        quiesce(s);
        int count = s.ctx.history().countWithin(policy, s.now);
        String reason = "crash loop: " + count + " restarts within " + Durations.human(policy.period())
                + " (max " + policy.maxRestarts() + "); last: " + lastReason;
        failed(s, reason, count);
    }

    /** FAILED for {@code reason} (a start that cannot happen), with the slow retry the policy asks for. */
    static void failWith(Step s, String reason) {
        quiesce(s);
        failed(s, reason, s.ctx.history().countWithin(s.ctx.spec().restart(), s.now));
    }

    private static void failed(Step s, String reason, int count) {
        RestartPolicy policy = s.ctx.spec().restart();
        OptionalLong retryAt = policy.failedRetry().map(d -> OptionalLong.of(s.now + d.toNanos())).orElse(OptionalLong.empty());
        s.moveTo(new ServiceState.Failed(reason, retryAt));
        retryAt.ifPresent(at -> s.schedule(new TimerKey.FailedRetry(), at));
        s.emit(new SupervisorEvent.ServiceFailed(s.service(), reason, count, policy.period().toMillis(),
                policy.failedRetry().map(d -> OptionalLong.of(d.toMillis())).orElse(OptionalLong.empty())));
    }

    /** Nothing runs any more: no probes, no pending per-process restarts, no start deadline. */
    private static void quiesce(Step s) {
        Gates.stopAllProbes(s);
        if (s.state instanceof ServiceState.Starting && !s.ctx.startupProbes(Optional.empty()).isEmpty()) {
            s.cancel(new TimerKey.ServiceStartDeadline(s.ctx.serviceInstance()));
        }
        for (ProcessSlot slot : s.ctx.processes().values()) {
            if (slot.phase() instanceof ProcessSlot.Waiting waiting) {
                s.cancel(new TimerKey.ProcessRestart(slot.name()));
                s.process(slot.down(Optional.empty(), waiting.note()));
            }
        }
    }
}
