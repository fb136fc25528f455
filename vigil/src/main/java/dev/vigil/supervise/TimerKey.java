package dev.vigil.supervise;

/**
 * Names a timer of one service. A {@link Effect.Schedule} with a key equal to a pending one
 * replaces it; {@link Effect.Cancel} guarantees that the timer's {@link Event.TimerFired} is never
 * delivered afterwards (the shell drops fires of timers it no longer holds).
 */
sealed interface TimerKey {

    /** The end of a whole-service BACKOFF. */
    record BackoffEnd() implements TimerKey {}

    /** The next slow retry of a FAILED service. */
    record FailedRetry() implements TimerKey {}

    /** The end of the backoff of one process of a multi-process service. */
    record ProcessRestart(String process) implements TimerKey {}

    /** start_timeout of one process: READY=1 and its startup probes must have arrived by then. */
    record StartDeadline(String process, long instance) implements TimerKey {}

    /** start_timeout of the service-wide startup probes. */
    record ServiceStartDeadline(long instance) implements TimerKey {}

    /** start_timeout of a service waiting for its dependencies. */
    record DependencyDeadline() implements TimerKey {}

    /** stop_timeout of one process: SIGKILL for its whole group when it fires. */
    record StopDeadline(String process, long instance) implements TimerKey {}

    /** The watchdog deadline of one process: WATCHDOG=1 must arrive before it. */
    record Watchdog(String process, long instance) implements TimerKey {}
}
