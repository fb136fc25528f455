package dev.vigil.supervise;

import dev.vigil.config.DegradedAction;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.util.List;
import java.util.Optional;

/**
 * What a probe report means for the service. The probe side counts; the core reads the counts:
 * a failing liveness or readiness verdict degrades; a liveness failure that lasted
 * {@code restart_after} rounds restarts (policy restart) or only warns; readiness never restarts;
 * startup probes open the gates; unprobeable goes to the operator; reports of another instance,
 * or that arrive while nothing should be probed, and failures the probe side did not count (a new
 * instance's start window), change nothing but the last result shown.
 */
final class ProbeRules {
    private ProbeRules() {
    }

    static void report(Step s, ProbeReport r) {
        ProbeSlot slot = s.ctx.probes().get(r.probe());
        if (!s.up() || slot == null || !slot.active() || slot.instance() != r.instance()) {
            return;
        }
        boolean wasUnprobeable = slot.unprobeable();
        slot = slot.withReport(r);
        s.probe(slot);
        switch (r.outcome()) {
            case ProbeOutcome.Unprobeable u -> {
                if (!wasUnprobeable) {
                    s.emit(SupervisorEvent.probeUnprobeable(s.service(), slot.spec(), r));
                }
                return;
            }
            case ProbeOutcome.Unknown u -> {
                return; // the daemon was late: this round says nothing about the service
            }
            case ProbeOutcome.Healthy h -> { }
            case ProbeOutcome.Unhealthy u -> { }
            case ProbeOutcome.TimedOut t -> { }
        }
        if (!r.counted()) {
            return; // a new instance's failure within its start window: shown, not counted
        }
        switch (slot.role()) {
            case STARTUP -> startupRound(s, slot, r);
            case READINESS -> {
                verdictEvents(s, slot, r);
                Gates.settle(s);
            }
            case LIVENESS -> {
                verdictEvents(s, slot, r);
                if (r.failing() && s.ctx.spec().onDegraded() == DegradedAction.RESTART
                        && r.consecutiveFailures() >= Gates.threshold(s.ctx, slot)) {
                    Remedy.restart(s, slot.spec().process(), slot.describeFailure(Gates.threshold(s.ctx, slot)),
                            Optional.of(r));
                }
                Gates.settle(s);
            }
        }
    }

    private static void startupRound(Step s, ProbeSlot slot, ProbeReport r) {
        if (r.outcome().verdict() == ProbeOutcome.Verdict.SUCCESS
                && r.consecutiveSuccesses() >= Math.max(1, slot.spec().successes())) {
            s.probe(slot.passedStartup());
            s.effect(new Effect.StopProbes(List.of(slot.name())));
            Gates.settle(s);
        }
    }

    /** One log line per failed round, and one when the verdict turns green again. */
    private static void verdictEvents(Step s, ProbeSlot slot, ProbeReport r) {
        if (r.outcome().verdict() == ProbeOutcome.Verdict.FAILURE) {
            s.emit(SupervisorEvent.probeFailed(s.service(), slot.spec(), r, slot.spec().failures()));
        } else if (r.verdictChanged() && !r.failing()) {
            s.emit(SupervisorEvent.probeRecovered(s.service(), slot.spec(), r));
        }
    }
}
