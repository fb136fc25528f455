package dev.vigil.supervise;

import dev.vigil.config.DependencyCondition;
import dev.vigil.process.ExitStatus;

/**
 * What holds in one service for the services that depend on it, derived from its state and
 * context alone (pure): the shell computes it after every step and hands it to the dependents'
 * steps. A service that completed (a one-shot that exited 0) also counts as started and ready.
 *
 * @param started   a process of the current start was spawned (has a pid), or it completed
 * @param ready     up with its start gates open (RUNNING or DEGRADED) and every readiness probe's
 *                  latest round passed, or it completed
 * @param healthy   RUNNING: up, ready and not degraded
 * @param completed STOPPED after a start in which every process exited 0
 */
record DependencyFacts(boolean started, boolean ready, boolean healthy, boolean completed) {

    /** A service that is not there (not yet applied, or removed): nothing holds. */
    static final DependencyFacts ABSENT = new DependencyFacts(false, false, false, false);

    static DependencyFacts of(ServiceState state, ServiceContext ctx) {
        boolean completed = state instanceof ServiceState.Stopped && ctx.lastInstance() > 0 && !ctx.anyAlive()
                && ctx.processes().values().stream().allMatch(p -> p.lastExit().map(ExitStatus::clean).orElse(false));
        boolean up = state instanceof ServiceState.Starting || state instanceof ServiceState.Running
                || state instanceof ServiceState.Degraded;
        boolean spawned = false;
        if (up) {
            for (ProcessSlot p : ctx.processes().values()) {
                spawned |= p.pid() != 0;
            }
        }
        boolean gatesOpen = state instanceof ServiceState.Running || state instanceof ServiceState.Degraded;
        return new DependencyFacts(completed || spawned, completed || gatesOpen && readinessPassed(ctx),
                state instanceof ServiceState.Running, completed);
    }

    /** Every readiness probe runs and its latest round passed (true when there are none). */
    private static boolean readinessPassed(ServiceContext ctx) {
        return !ctx.probes().any(ProbeSlots.Tally.READINESS_NOT_PASSED);
    }

    // Written out: the shell compares the facts after every step, and a record's generated equals
    // goes through method handles that cost on that path when the JIT is C1 only (bin/vigil's flags).
    @Override
    public boolean equals(Object o) {
        return o instanceof DependencyFacts f && f.started == started && f.ready == ready && f.healthy == healthy
                && f.completed == completed;
    }

    @Override
    public int hashCode() {
        return (started ? 1 : 0) | (ready ? 2 : 0) | (healthy ? 4 : 0) | (completed ? 8 : 0);
    }

    boolean holds(DependencyCondition condition) {
        return switch (condition) {
            case STARTED -> started;
            case READY -> ready;
            case HEALTHY -> healthy;
            case COMPLETED -> completed;
        };
    }
}
