package dev.vigil.liveness;

import java.util.List;

/**
 * Everything the endpoints report, computed by the watchdog at one instant. Immutable, so the
 * listener can serve it without coordination.
 */
record HealthSnapshot(
        long uptimeNanos,
        boolean started,
        List<HeartbeatStatus> heartbeats,
        List<String> deadlocks,
        PauseSummary pauses,
        List<String> notReadyReasons,
        List<CheckStatus> checks,
        List<SchedulingOutcome> threads) {

    HealthSnapshot {
        threads = List.copyOf(threads);
        heartbeats = List.copyOf(heartbeats);
        deadlocks = List.copyOf(deadlocks);
        notReadyReasons = List.copyOf(notReadyReasons);
        checks = List.copyOf(checks);
    }

    /** Live: no heartbeat stalled and no deadlock. */
    boolean live() {
        return deadlocks.isEmpty() && heartbeats.stream().noneMatch(h -> h.state() == HeartbeatWatch.State.STALLED);
    }

    /** Ready: started, live, and nothing reported not-ready. */
    boolean ready() {
        return started && live() && notReadyReasons.isEmpty();
    }

    /** Why liveness is red, one clause per cause; empty when live. */
    List<String> notLiveReasons() {
        java.util.ArrayList<String> reasons = new java.util.ArrayList<>();
        for (HeartbeatStatus h : heartbeats) {
            if (h.state() == HeartbeatWatch.State.STALLED) {
                reasons.add("heartbeat '" + h.name() + "' stalled: age " + millis(h.ageNanos()) + " ms > budget "
                        + millis(h.budgetNanos()) + " ms");
            }
        }
        if (!deadlocks.isEmpty()) {
            reasons.add("deadlock: " + String.join("; ", deadlocks));
        }
        return reasons;
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** One heartbeat as judged at the snapshot's instant. */
    record HeartbeatStatus(String name, HeartbeatWatch.State state, long ageNanos, long budgetNanos, int stalls) {
    }

    /** Recent JVM-wide pauses: how many samples, their p99 and max. */
    record PauseSummary(int samples, long p99Nanos, long maxNanos) {
    }

    /** A named readiness check's latest verdict. */
    record CheckStatus(String name, boolean ready, String reason) {
    }
}
