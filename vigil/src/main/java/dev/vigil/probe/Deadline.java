package dev.vigil.probe;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * The hard overall limit of one probe run. At the deadline a shared timer closes whatever the probe
 * is blocked on (its socket channel; see {@link DeadlineAlarms}, whose ticker it is counted on), which wakes the probing thread with an exception however the
 * peer behaves: accepts and never answers, dribbles a byte a second, or is SIGSTOPped. A per-read
 * timeout would let a dribbling peer hold the probe for ever; an overall deadline does not.
 *
 * <p>One instance per probe run, used by the probing thread only, except that the timer thread
 * closes the guarded resource. Close it when the run is over to cancel the alarm.
 */
final class Deadline implements AutoCloseable {

    private final long deadlineNanos;
    private final DeadlineAlarms alarms;
    private volatile boolean expired;
    private volatile Closeable guarded;

    private Deadline(Duration timeout, DeadlineAlarms alarms) {
        this.deadlineNanos = alarms.ticker().nanoTime() + timeout.toNanos();
        this.alarms = alarms;
    }

    /** Starts the clock of one probe run now (on the alarms' ticker), fired by {@code alarms}. */
    static Deadline after(Duration timeout, DeadlineAlarms alarms) {
        Deadline deadline = new Deadline(timeout, alarms);
        alarms.add(deadline);
        return deadline;
    }

    /** Closes {@code resource} at the deadline (at once if it has already passed). */
    <C extends Closeable> C guard(C resource) {
        guarded = resource;
        if (expired) {
            closeQuietly(resource);
        }
        return resource;
    }

    /** Whether the deadline has passed (and the guarded resource was closed because of it). */
    boolean expired() {
        return expired || alarms.ticker().nanoTime() - deadlineNanos >= 0;
    }

    /** Nanoseconds left, at least 0. */
    long remainingNanos() {
        return Math.max(0, deadlineNanos - alarms.ticker().nanoTime());
    }

    /** The {@link dev.vigil.time.Ticker#nanoTime} of the deadline. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public void close() {
        if (!expired) {
            alarms.cancel(this);
        }
    }

    /** Called by the alarm thread at the deadline: closes the guarded resource. */
    void expire() {
        expired = true;
        Closeable resource = guarded;
        if (resource != null) {
            closeQuietly(resource);
        }
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException ignored) {
            // The channel is being abandoned because of the deadline; how its close went changes nothing.
        }
    }
}
