package dev.vigil.time;

import java.time.Instant;

/**
 * The one source of time for everything in Vigil that decides or schedules.
 *
 * <p>Only {@link #system()} reads the real clocks; tests pass a fake they advance by hand, so no
 * test has to sleep to see a deadline pass. {@code nanoTime} is monotonic and is what every
 * deadline, backoff and probe schedule is computed in; {@code wallClock} is for humans (log lines,
 * the store, "started at").
 */
public interface Ticker {

    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** The wall clock, for records shown to people. */
    Instant wallClock();

    /** The real clocks of this JVM. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
