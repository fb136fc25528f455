package dev.vigil.liveness;

/**
 * The watchdog's view of one heartbeat: when its word last changed and whether it is stalled.
 * Confined to the watchdog thread; the heartbeat itself stays write-only for its loop.
 */
final class HeartbeatWatch {
    /** A heartbeat's state as the watchdog judges it. */
    enum State { FRESH, IDLE, STALLED }

    /** What one observation changed. */
    enum Transition { NONE, STALLED, RECOVERED }

    private final Heartbeat heartbeat;
    private long seenWord;
    private long changedAtNanos;
    private State state = State.FRESH;
    private int stalls;

    HeartbeatWatch(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        this.seenWord = 0; // a heartbeat's initial word: beats before the first observation count
        this.changedAtNanos = heartbeat.registeredAtNanos();
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    /**
     * Does not count a JVM-wide pause against the loop: during the pause the loop could not beat
     * either, so its age is moved forward by the pause.
     */
    void creditPause(long pauseNanos, long nowNanos) {
        changedAtNanos = Math.min(nowNanos, changedAtNanos + pauseNanos);
    }

    /**
     * Compares the heartbeat's word with the last one seen. A change means progress, dated now
     * (so an age is late by at most one sampling period); an unchanged busy word older than the
     * budget is a stall.
     */
    Transition observe(long nowNanos) {
        long word = heartbeat.word();
        if (word != seenWord) {
            seenWord = word;
            changedAtNanos = nowNanos;
        }
        State next;
        if ((word & Heartbeat.IDLE_BIT) != 0) {
            next = State.IDLE;
        } else if (nowNanos - changedAtNanos > heartbeat.budgetNanos()) {
            next = State.STALLED;
        } else {
            next = State.FRESH;
        }
        State previous = state;
        state = next;
        if (next == State.STALLED && previous != State.STALLED) {
            stalls++;
            return Transition.STALLED;
        }
        return previous == State.STALLED && next != State.STALLED ? Transition.RECOVERED : Transition.NONE;
    }

    /**
     * The first instant at which this heartbeat would be judged stalled if its word does not move,
     * or {@link Long#MAX_VALUE} if it cannot stall then (idle, or already stalled).
     */
    long stallDeadlineNanos() {
        return state == State.FRESH ? changedAtNanos + heartbeat.budgetNanos() + 1 : Long.MAX_VALUE;
    }

    HealthSnapshot.HeartbeatStatus status(long nowNanos) {
        return new HealthSnapshot.HeartbeatStatus(
                heartbeat.name(), state, Math.max(0, nowNanos - changedAtNanos), heartbeat.budgetNanos(), stalls);
    }

    boolean stalled() {
        return state == State.STALLED;
    }
}
