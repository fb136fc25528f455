package dev.vigil.supervise;

import dev.vigil.api.NextActionText;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartPolicy;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the restart policy will do next for a service, in one line for people ("restart after 1
 * more failure of health", "warn only", "retry in 4m55s", "restart budget exhausted", "no action
 * (stopped)"), worked out from the core's own state: the state, the probes' counts, the crash-loop
 * window and the storm guard. Pure; it decides nothing itself.
 *
 * @param what the action, without its time ("retry", "restart web")
 * @param at   when a timed action happens (wall clock); empty when it waits on something else
 */
public record NextAction(String what, Optional<Instant> at) {

    public static final NextAction NONE = new NextAction("no action", Optional.empty());

    /** The line as of {@code now}: {@code what}, and " in 4m55s" for a timed action. */
    public String describe(Instant now) {
        return at.map(t -> NextActionText.timed(what, t, now)).orElse(what);
    }

    /** Works it out at monotonic {@code nanoNow}; {@code wallNow} is the same moment on the wall clock. */
    static NextAction of(ServiceState state, ServiceContext ctx, long nanoNow, Instant wallNow) {
        return switch (state) {
            case ServiceState.Stopped s -> plain("no action (stopped)");
            case ServiceState.Starting s -> plain("waiting for the start; " + onExit(ctx, nanoNow));
            case ServiceState.Waiting w -> timed("start once its dependencies hold; give up", w.deadlineNanos(),
                    nanoNow, wallNow);
            case ServiceState.Running s -> up(ctx, nanoNow, wallNow);
            case ServiceState.Degraded s -> up(ctx, nanoNow, wallNow);
            case ServiceState.Backoff b -> timed("restart (attempt " + b.attempt() + ")", b.untilNanos(), nanoNow, wallNow);
            case ServiceState.Failed f -> f.retryAtNanos().isPresent()
                    ? timed("retry", f.retryAtNanos().getAsLong(), nanoNow, wallNow)
                    : plain("no action until reset (failed_retry = never)");
            case ServiceState.Stopping s -> switch (s.then()) {
                case ServiceState.Then.Stay stay -> plain("no action (stopping)");
                case ServiceState.Then.Start start -> plain("start again once stopped");
                case ServiceState.Then.Fail fail -> plain("failed once stopped (crash loop)");
                case ServiceState.Then.Retry retry -> plain("once stopped: " + onExit(ctx, nanoNow));
            };
        };
    }

    /** Running or degraded: the nearest thing its probes, watchdogs or dead processes lead to. */
    private static NextAction up(ServiceContext ctx, long nanoNow, Instant wallNow) {
        if (ctx.budgetDenied()) {
            return plain(Gates.BUDGET_EXHAUSTED);
        }
        OptionalLong soonest = OptionalLong.empty();
        String waiting = null;
        for (ProcessSlot slot : ctx.processes().values()) {
            boolean respawning = slot.phase() instanceof ProcessSlot.Stopping st
                    && st.purpose() == ProcessSlot.StopPurpose.RESPAWN
                    || slot.phase() instanceof ProcessSlot.Killed k && k.purpose() == ProcessSlot.StopPurpose.RESPAWN;
            if (respawning) {
                return plain("restarting " + slot.name());
            }
            if (slot.phase() instanceof ProcessSlot.Waiting w
                    && (soonest.isEmpty() || w.untilNanos() < soonest.getAsLong())) {
                soonest = OptionalLong.of(w.untilNanos());
                waiting = slot.name();
            }
        }
        if (waiting != null) {
            return timed("restart " + waiting, soonest.getAsLong(), nanoNow, wallNow);
        }
        boolean restarts = ctx.spec().onDegraded() == DegradedAction.RESTART;
        ProbeSlots probes = ctx.probes();
        ProbeSlot nearest = null;
        int fewest = Integer.MAX_VALUE;
        // Counts kept with the slots say whether any liveness probe has failures; only then look for the nearest.
        if (restarts && probes.any(ProbeSlots.Tally.LIVENESS_COUNTING_FAILURES)) {
            for (int i = 0; i < probes.size(); i++) {
                ProbeSlot probe = probes.at(i);
                if (probe.role() == ProbeRole.LIVENESS && probe.active() && probe.last().isPresent()) {
                    int failures = probe.last().get().consecutiveFailures();
                    int left = Gates.threshold(ctx, probe) - failures;
                    if (failures > 0 && left < fewest) {
                        fewest = left;
                        nearest = probe;
                    }
                }
            }
        }
        boolean livenessFailing = probes.any(ProbeSlots.Tally.LIVENESS_FAILING);
        boolean readinessFailing = probes.any(ProbeSlots.Tally.READINESS_FAILING);
        if (nearest != null) {
            if (ctx.budget().spend(nanoNow).isEmpty()) {
                return plain("warn only: " + Gates.BUDGET_EXHAUSTED);
            }
            String then = ctx.history().exhausted(ctx.spec().restart(), nanoNow) ? "failed (crash loop)" : "restart";
            return fewest <= 0 ? plain(then + " now (" + nearest.name() + ")")
                    : plain(then + " after " + fewest + " more failure" + (fewest == 1 ? "" : "s") + " of "
                    + nearest.name());
        }
        if (livenessFailing || readinessFailing) {
            return plain(readinessFailing && !livenessFailing ? "warn only (readiness never restarts)"
                    : "warn only (on_degraded = warn)");
        }
        return plain(onExit(ctx, nanoNow));
    }

    /** What an exit of a process leads to under the restart policy. */
    private static String onExit(ServiceContext ctx, long nanoNow) {
        RestartPolicy policy = ctx.spec().restart();
        String verb = ctx.history().exhausted(policy, nanoNow) ? "failed (crash loop)" : "restart";
        return switch (policy.mode()) {
            case ALWAYS -> verb + " if it exits";
            case ON_FAILURE -> verb + " if it fails";
            case NEVER -> "no restart if it exits (restart = never)";
        };
    }

    private static NextAction plain(String what) {
        return new NextAction(what, Optional.empty());
    }

    private static NextAction timed(String what, long atNanos, long nanoNow, Instant wallNow) {
        return new NextAction(what, Optional.of(wallNow.plusNanos(atNanos - nanoNow)));
    }
}
