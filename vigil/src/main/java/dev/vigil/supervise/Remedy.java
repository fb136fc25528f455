package dev.vigil.supervise;

import dev.vigil.config.Durations;
import dev.vigil.probe.ProbeReport;
import dev.vigil.supervise.ProcessSlot.StopPurpose;
import dev.vigil.supervise.ServiceState.Then;
import java.util.Optional;

/**
 * Probe- and watchdog-triggered restarts: DEGRADED first (a RUNNING service says why before it
 * restarts), evidence, then a restart of the failing process (or the whole service), within the
 * crash-loop limit and the daemon-wide storm-guard budget.
 */
final class Remedy {
    private Remedy() {
    }

    /**
     * Restarts {@code process} (empty = the whole service) because of {@code reason}. Does nothing
     * when that restart is already under way; stays DEGRADED with "restart budget exhausted" when
     * the daemon-wide budget is spent; leads to FAILED when the crash-loop limit is hit.
     */
    static void restart(Step s, Optional<String> process, String reason, Optional<ProbeReport> failing) {
        Optional<ProcessSlot> target = process.map(s.ctx::process);
        if (target.isPresent() && !(target.get().phase() instanceof ProcessSlot.Up)) {
            return; // already stopping, restarting or down: no second restart on top
        }
        if (s.ctx.history().exhausted(s.ctx.spec().restart(), s.now)) {
            Lifecycle.stopAll(s, new Then.Fail(reason));
            return;
        }
        Optional<RestartBudget> spent = s.ctx.budget().spend(s.now);
        if (spent.isEmpty()) {
            if (!s.ctx.budgetDenied()) {
                RestartBudget budget = s.ctx.budget();
                s.emit(new SupervisorEvent.RestartBudgetExhausted(s.service(), process.orElse(null), budget.limit(),
                        Durations.millis(budget.periodNanos()), reason));
            }
            s.ctx = s.ctx.withBudget(s.ctx.budget(), true);
            return;
        }
        if (s.state instanceof ServiceState.Running) {
            // DEGRADED is a visible stage of every probe or watchdog restart that goes ahead, even
            // when it comes with the round that turned the verdict red (restart_after == failures).
            // A denied restart degrades through Gates.settle, with "restart budget exhausted".
            String why = Gates.degradedReason(s.ctx, s.now);
            s.moveTo(new ServiceState.Degraded(why.isEmpty() ? reason : why));
        }
        s.ctx = s.ctx.withBudget(spent.get(), false).withRestart(s.now, s.ctx.attempt());
        s.emit(new SupervisorEvent.RestartTriggered(s.service(), process.orElse(null), reason));
        if (target.isPresent()) {
            s.effect(new Effect.CollectEvidence(target.get().name(), reason, failing));
            Lifecycle.stopProcess(s, target.get().name(), StopPurpose.RESPAWN, "restarting: " + reason);
        } else {
            s.ctx.processes().values().stream().filter(p -> p.phase() instanceof ProcessSlot.Up)
                    .forEach(p -> s.effect(new Effect.CollectEvidence(p.name(), reason, failing)));
            Lifecycle.stopAll(s, new Then.Start());
        }
    }
}
