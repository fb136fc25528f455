package dev.vigil.process;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one loop that waits on {@code /proc} for processes that are not our children (a leftover of
 * an earlier daemon, a swept descendant): there is nothing to wait on, so a condition is polled,
 * backing off from 1 ms to 50 ms between looks, until it holds or a deadline on the {@link Ticker}
 * passes. Used by {@link TokenSweep} (until what it killed is gone) and {@link LeftoverProcesses}
 * (until each leader is gone or its stop timeout passed).
 *
 * <p>The pause is injected: the daemon's really sleeps, a test's moves a fake ticker, so timing
 * tests need no sleeps. Stateless; thread-safe when its ticker and pause are.
 */
final class ProcPoll {
    private static final long FIRST_PAUSE_MILLIS = 1;
    private static final long LONGEST_PAUSE_MILLIS = 50;

    /** Waits between two looks. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration length) throws InterruptedException;
    }

    private final Ticker ticker;
    private final Pause pause;

    ProcPoll(Ticker ticker, Pause pause) {
        this.ticker = ticker;
        this.pause = pause;
    }

    /** Polls on {@code ticker}, sleeping the calling thread between looks. */
    static ProcPoll sleeping(Ticker ticker) {
        return new ProcPoll(ticker, Thread::sleep);
    }

    Ticker ticker() {
        return ticker;
    }

    /**
     * Looks at {@code done} until it holds or {@code deadlineNanos} (on the ticker) has passed; it
     * is always looked at at least once.
     *
     * @return true when {@code done} held; false at the deadline, or when interrupted (the thread's
     *         interrupt flag is then set again)
     */
    boolean until(BooleanSupplier done, long deadlineNanos) {
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (!done.getAsBoolean()) {
            if (ticker.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            try {
                pause.pause(Duration.ofMillis(pauseMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
        }
        return true;
    }
}
