package dev.vigil.supervise;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.Durations;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Start gating and the verdict: a process is "open" once it is up, READY (notify) and its startup
 * probes passed, and only then do its other probes run; the service leaves STARTING when every
 * process is open (or down for good); RUNNING vs DEGRADED is derived from the context every time,
 * so it can never disagree with what the core knows.
 */
final class Gates {
    static final String BUDGET_EXHAUSTED = "restart budget exhausted";

    private Gates() {
    }

    /** Opens what may open, then moves between STARTING, RUNNING and DEGRADED as the context says. */
    static void settle(Step s) {
        if (!s.up()) {
            return;
        }
        for (ProcessSlot slot : s.ctx.processes().values()) {
            Optional<String> scope = Optional.of(slot.name());
            if (slot.phase() instanceof ProcessSlot.Up up && up.gate() instanceof ProcessSlot.Gate.Closed closed
                    && closed.ready() && s.ctx.startupPassed(scope)) {
                if (closed.deadlineNanos().isPresent()) {
                    s.cancel(new TimerKey.StartDeadline(slot.name(), slot.instance()));
                }
                s.process(slot.in(new ProcessSlot.Up(up.pid(), up.pgid(), up.startedNanos(), new ProcessSlot.Gate.Open(),
                        up.watchdog())));
                startProbes(s, slot.instance(), s.ctx.regularProbes(scope));
            }
        }
        if (s.state instanceof ServiceState.Starting) {
            if (!s.ctx.processesSettled() || !s.ctx.startupPassed(Optional.empty())) {
                return;
            }
            if (!s.ctx.startupProbes(Optional.empty()).isEmpty()) {
                s.cancel(new TimerKey.ServiceStartDeadline(s.ctx.serviceInstance()));
            }
            startProbes(s, s.ctx.serviceInstance(), s.ctx.regularProbes(Optional.empty()));
        } else {
            serviceWideProbesFollowProcesses(s);
        }
        if (s.ctx.budgetDenied() && !livenessTrouble(s.ctx)) {
            s.ctx = s.ctx.withBudget(s.ctx.budget(), false);
        }
        String reason = degradedReason(s.ctx, s.now);
        s.moveTo(reason.isEmpty() ? new ServiceState.Running() : new ServiceState.Degraded(reason));
    }

    /**
     * Once the service is up, its service-wide probes may be answered by any of its processes, so
     * they pause while any process is being restarted (stopping, waiting or starting again) and
     * resume, as a new probe instance (fresh counters, {@code start_grace} from now), once every
     * process is open again or down for good. Without this, a probe of a one-process service kept
     * its schedule across a watchdog or probe restart and failed "connect refused" against the
     * new process before its grace, counting on the old instance's counters.
     */
    private static void serviceWideProbesFollowProcesses(Step s) {
        if (!s.ctx.processesSettled()) {
            stopProbes(s, s.ctx.regularProbes(Optional.empty()));
            return;
        }
        // Runs on every probe report: a count says whether any probe is paused before any list is built.
        if (s.ctx.probes().any(ProbeSlots.Tally.SERVICE_WIDE_PAUSED) && s.ctx.startupPassed(Optional.empty())) {
            List<ProbeSlot> paused = s.ctx.regularProbes(Optional.empty()).stream().filter(p -> !p.active()).toList();
            s.ctx = s.ctx.withNextInstance(false);
            startProbes(s, s.ctx.lastInstance(), paused);
        }
    }

    /** Why the service is not healthy, "" when it is. */
    static String degradedReason(ServiceContext ctx, long now) {
        List<String> reasons = new ArrayList<>();
        for (ProcessSlot slot : ctx.processes().values()) {
            switch (slot.phase()) {
                case ProcessSlot.Down down -> reasons.add(down.note().isEmpty() ? slot.name() + " is not running" : down.note());
                case ProcessSlot.Waiting waiting ->
                        reasons.add(waiting.note() + "; restart in " + Durations.human(waiting.untilNanos() - now));
                case ProcessSlot.Spawning spawning -> reasons.add(slot.name() + " is starting");
                case ProcessSlot.Up up -> {
                    if (up.gate() instanceof ProcessSlot.Gate.Closed) {
                        reasons.add(slot.name() + " is starting");
                    }
                    up.watchdog().missed().ifPresent(reasons::add);
                }
                case ProcessSlot.SpawningToStop toStop -> reasons.add(slot.name() + " " + toStop.note());
                case ProcessSlot.Stopping stopping -> reasons.add(slot.name() + " " + stopping.note());
                case ProcessSlot.Killed killed -> reasons.add(slot.name() + " " + killed.note());
                case ProcessSlot.Sweeping sweeping -> reasons.add(slot.name() + " " + sweeping.note());
            }
        }
        if (ctx.probes().any(ProbeSlots.Tally.FAILING)) { // rare: look at each probe only then
            for (ProbeSlot probe : ctx.probes().values()) {
                if (probe.role() != ProbeRole.STARTUP && probe.failing()) {
                    reasons.add(probe.describeFailure(threshold(ctx, probe)));
                }
            }
        }
        String joined = String.join("; ", reasons);
        return ctx.budgetDenied() && !joined.isEmpty() ? BUDGET_EXHAUSTED + ": " + joined : joined;
    }

    /**
     * The count shown as "n/threshold": restart_after when failures lead to a restart, else failures.
     * A {@code memory} probe acts at its own failures: restart_on_memory is the user's own threshold.
     */
    static int threshold(ServiceContext ctx, ProbeSlot probe) {
        if (probe.spec().target() instanceof ProbeTarget.Memory) {
            return probe.spec().failures();
        }
        boolean restarts = probe.role() == ProbeRole.LIVENESS && ctx.spec().onDegraded() == DegradedAction.RESTART;
        return restarts ? Math.max(ctx.spec().restartAfter(), probe.spec().failures()) : probe.spec().failures();
    }

    private static boolean livenessTrouble(ServiceContext ctx) {
        return ctx.processes().values().stream()
                .anyMatch(p -> p.phase() instanceof ProcessSlot.Up up && up.watchdog().missed().isPresent())
                || ctx.probes().any(ProbeSlots.Tally.LIVENESS_FAILING);
    }

    static void startProbes(Step s, long instance, List<ProbeSlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        slots.forEach(p -> s.probe(p.startedFor(instance)));
        s.effect(new Effect.StartProbes(instance, slots.stream().map(ProbeSlot::spec).toList()));
    }

    /** Stops those of {@code slots} that run; their last reports stay for display. */
    static void stopProbes(Step s, List<ProbeSlot> slots) {
        List<ProbeSlot> active = slots.stream().filter(ProbeSlot::active).toList();
        if (active.isEmpty()) {
            return;
        }
        active.forEach(p -> s.probe(p.stopped()));
        s.effect(new Effect.StopProbes(active.stream().map(ProbeSlot::name).toList()));
    }

    static void stopAllProbes(Step s) {
        if (!s.ctx.probes().any(ProbeSlots.Tally.ACTIVE)) {
            return;
        }
        s.ctx.probes().values().forEach(p -> s.probe(p.stopped()));
        s.effect(new Effect.StopAllProbes());
    }
}
