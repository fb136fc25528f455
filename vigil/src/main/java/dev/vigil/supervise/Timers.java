package dev.vigil.supervise;

import dev.vigil.config.Durations;
import dev.vigil.supervise.ProcessSlot.StopPurpose;
import dev.vigil.supervise.ServiceState.Then;
import java.util.Optional;

/** What each timer means when it fires. A fire that no longer fits the state is a nop. */
final class Timers {
    private Timers() {
    }

    static void fired(Step s, TimerKey key) {
        switch (key) {
            case TimerKey.BackoffEnd end -> {
                if (s.state instanceof ServiceState.Backoff) {
                    Lifecycle.startAll(s);
                }
            }
            case TimerKey.FailedRetry retry -> {
                if (s.state instanceof ServiceState.Failed) {
                    Lifecycle.startAll(s);
                }
            }
            case TimerKey.ProcessRestart restart -> {
                ProcessSlot slot = s.ctx.process(restart.process());
                if (s.up() && slot != null && slot.phase() instanceof ProcessSlot.Waiting) {
                    Lifecycle.spawn(s, slot.name());
                    Gates.settle(s);
                }
            }
            case TimerKey.StartDeadline deadline -> startDeadline(s, deadline);
            case TimerKey.ServiceStartDeadline deadline -> serviceStartDeadline(s, deadline);
            case TimerKey.StopDeadline deadline -> stopDeadline(s, deadline);
            case TimerKey.Watchdog watchdog -> NotifyRules.watchdogExpired(s, watchdog);
            case TimerKey.DependencyDeadline deadline -> DependencyRules.deadline(s);
        }
    }

    private static void startDeadline(Step s, TimerKey.StartDeadline deadline) {
        ProcessSlot slot = s.ctx.process(deadline.process());
        if (!s.up() || slot == null || slot.instance() != deadline.instance()) {
            return;
        }
        // Only a running process whose gate is still closed can miss its start deadline.
        Optional<ProcessSlot.Gate.Closed> closed = switch (slot.phase()) {
            case ProcessSlot.Up up -> up.gate() instanceof ProcessSlot.Gate.Closed c ? Optional.of(c) : Optional.empty();
            case ProcessSlot.Down down -> Optional.empty();
            case ProcessSlot.Spawning spawning -> Optional.empty();
            case ProcessSlot.SpawningToStop toStop -> Optional.empty();
            case ProcessSlot.Stopping stopping -> Optional.empty();
            case ProcessSlot.Killed killed -> Optional.empty();
            case ProcessSlot.Sweeping sweeping -> Optional.empty();
            case ProcessSlot.Waiting waiting -> Optional.empty();
        };
        if (closed.isEmpty()) {
            return;
        }
        boolean ready = closed.get().ready();
        String timeout = Durations.human(slot.spec().startTimeout());
        String reason = !ready
                ? slot.name() + ": no READY=1 within start_timeout " + timeout
                : slot.name() + ": startup probe did not pass within start_timeout " + timeout;
        s.emit(new SupervisorEvent.StartTimedOut(s.service(), slot.name(), reason));
        Lifecycle.stopProcess(s, slot.name(), StopPurpose.FAILED_START, reason);
        Gates.settle(s);
    }

    private static void serviceStartDeadline(Step s, TimerKey.ServiceStartDeadline deadline) {
        if (!(s.state instanceof ServiceState.Starting) || deadline.instance() != s.ctx.serviceInstance()
                || s.ctx.startupPassed(Optional.empty())) {
            return;
        }
        String names = String.join(", ", s.ctx.startupProbes(Optional.empty()).stream()
                .filter(p -> !p.passed()).map(ProbeSlot::name).toList());
        String reason = "startup probe " + names + " did not pass within start_timeout";
        s.emit(new SupervisorEvent.StartTimedOut(s.service(), null, reason));
        Lifecycle.stopAll(s, new Then.Retry(reason));
    }

    private static void stopDeadline(Step s, TimerKey.StopDeadline deadline) {
        ProcessSlot slot = s.ctx.process(deadline.process());
        if (slot == null || slot.instance() != deadline.instance()) {
            return;
        }
        switch (slot.phase()) {
            case ProcessSlot.Stopping st -> {
                s.effect(new Effect.KillAll(slot.name()));
                s.process(slot.in(new ProcessSlot.Killed(st.pid(), st.pgid(), st.startedNanos(), st.purpose(), st.note())));
                s.emit(new SupervisorEvent.ProcessKilled(s.service(), slot.name(), slot.instance(),
                        "no exit within stop_timeout " + Durations.human(slot.spec().stopTimeout()) + " after SIG"
                                + slot.spec().stopSignal().name()));
            }
            // SIGKILL goes once; a process without a pid has no group to kill yet; the rest is gone.
            case ProcessSlot.Killed killed -> { }
            case ProcessSlot.SpawningToStop toStop -> { }
            case ProcessSlot.Sweeping sweeping -> { }
            case ProcessSlot.Up up -> { }
            case ProcessSlot.Spawning spawning -> { }
            case ProcessSlot.Down down -> { }
            case ProcessSlot.Waiting waiting -> { }
        }
    }
}
