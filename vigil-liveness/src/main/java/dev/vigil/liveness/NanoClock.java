package dev.vigil.liveness;

/** A monotonic clock in nanoseconds, injected so that watchdog policies are tested without sleeping. */
@FunctionalInterface
public interface NanoClock {
    /** Monotonic nanoseconds, comparable only with other readings of the same clock. */
    long nanoTime();

    /** The JVM's monotonic clock. */
    static NanoClock system() {
        return System::nanoTime;
    }
}
