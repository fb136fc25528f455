package dev.vigil.probe;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hard overall limit of one probe run. At the deadline a shared timer closes whatever the probe
 * is blocked on (its socket channel), which wakes the probing thread with an exception however the
 * peer behaves: accepts and never answers, dribbles a byte a second, or is SIGSTOPped. A per-read
 * timeout would let a dribbling peer hold the probe for ever; an overall deadline does not.
 *
 * <p>One instance per probe run, used by the probing thread only, except that the timer thread
 * closes the guarded resource. Close it when the run is over to cancel the alarm.
 */
final class Deadline implements AutoCloseable {

    /** One platform thread for every alarm: a virtual thread could be starved along with the probes. */
    private static final ScheduledThreadPoolExecutor ALARMS = newAlarmThread();

    private final long deadlineNanos;
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;
    private volatile Closeable guarded;

    private Deadline(Duration timeout) {
        long timeoutNanos = timeout.toNanos();
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
        this.alarm = ALARMS.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Starts the clock of one probe run now. */
    static Deadline after(Duration timeout) {
        return new Deadline(timeout);
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
        return expired || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Nanoseconds left, at least 0. */
    long remainingNanos() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    @Override
    public void close() {
        alarm.cancel(false);
    }

    private void expire() {
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

    private static ScheduledThreadPoolExecutor newAlarmThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vigil-probe-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
