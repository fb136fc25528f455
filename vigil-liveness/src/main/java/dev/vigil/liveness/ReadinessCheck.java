package dev.vigil.liveness;

/**
 * A named readiness condition (a database reachable, a cache warm). Runs on its own platform
 * thread on the watchdog's schedule, never on the listener thread; a run that takes longer than
 * its timeout counts as not ready until it completes.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /** Returns the verdict; a thrown exception counts as not ready, with its message as reason. */
    Result check() throws Exception;

    /** A readiness verdict. */
    sealed interface Result {
        /** Ready. */
        record Ready() implements Result {
        }

        /** Not ready, and why (shown in /readyz and /health). */
        record NotReady(String reason) implements Result {
        }
    }

    /** The ready verdict. */
    static Result ready() {
        return new Result.Ready();
    }

    /** A not-ready verdict with a reason. */
    static Result notReady(String reason) {
        return new Result.NotReady(reason);
    }
}
