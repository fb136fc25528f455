package dev.vigil.supervise;

import java.util.OptionalLong;

/**
 * The state of one service in the core. Each state carries the data that only it has (a deadline,
 * an attempt, a reason), so no field is meaningful in one state and stale in another. All times
 * are monotonic nanoseconds ({@link dev.vigil.time.Ticker#nanoTime()}).
 *
 * <p>See docs/STATES.md for the diagram and the full (state, event) table.
 */
sealed interface ServiceState {

    StateKind kind();

    /** Why the service is in this state, for people; empty when there is nothing to explain. */
    default String reason() {
        return "";
    }

    /** No process runs and none is wanted; {@code reason} says why it stopped ("" when asked to). */
    record Stopped(String reason) implements ServiceState {
        static final Stopped INITIAL = new Stopped("");

        @Override
        public StateKind kind() {
            return StateKind.STOPPED;
        }
    }

    /** Processes are being spawned, or wait for READY=1 or for their startup probes. */
    record Starting() implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.STARTING;
        }
    }

    /** Every process is up and ready, and nothing is failing. */
    record Running() implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.RUNNING;
        }
    }

    /** Up, but something is wrong: a process dead while others live, a probe red, a watchdog missed. */
    record Degraded(String reason) implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.DEGRADED;
        }
    }

    /** Every process is down after a failure; the whole service starts again at {@code untilNanos}. */
    record Backoff(long untilNanos, int attempt, String reason) implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.BACKOFF;
        }
    }

    /**
     * The crash-loop limit was hit. Never a silent dead end: {@code reason} says why, and
     * {@code retryAtNanos} when the next slow retry happens (empty = only {@code reset} revives it).
     */
    record Failed(String reason, OptionalLong retryAtNanos) implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.FAILED;
        }
    }

    /**
     * Asked to start, but a {@code depends_on} condition does not hold yet: no process is spawned
     * until every one holds, or {@code deadlineNanos} (start_timeout) passes. {@code reason} names
     * every unmet condition ("waiting for db: ready").
     */
    record Waiting(long deadlineNanos, String reason) implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.WAITING;
        }
    }

    /**
     * Stop signals were sent; waiting for every process to exit. {@code deadlineNanos} is the latest
     * moment a process is killed; {@code then} is where the service goes once all are gone.
     */
    record Stopping(long deadlineNanos, Then then) implements ServiceState {
        @Override
        public StateKind kind() {
            return StateKind.STOPPING;
        }

        @Override
        public String reason() {
            return switch (then) {
                case Then.Stay stay -> stay.reason();
                case Then.Start start -> "restarting";
                case Then.Fail fail -> fail.reason();
                case Then.Retry retry -> retry.reason();
            };
        }
    }

    /** Where a stopping service goes once its last process has exited. */
    sealed interface Then {
        /** Stay stopped. */
        record Stay(String reason) implements Then {}

        /** Start again at once (restart command, reload, probe-triggered restart of the service). */
        record Start() implements Then {}

        /** Become FAILED (the crash-loop limit was hit while other processes still ran). */
        record Fail(String reason) implements Then {}

        /** A failed start of the whole service: the restart policy decides (backoff, failed, stopped). */
        record Retry(String reason) implements Then {}
    }
}
