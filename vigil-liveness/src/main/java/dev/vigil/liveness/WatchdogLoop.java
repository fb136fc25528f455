package dev.vigil.liveness;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The watchdog's own daemon platform thread: wakes every sampling period, measures how late it
 * woke, runs one {@link Watchdog} step and publishes the snapshot. It also wakes when a heartbeat's
 * budget runs out between samples, and when an application call changes readiness; such early
 * wakes record no pause.
 */
final class WatchdogLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");

    private final Watchdog watchdog;
    private final NanoClock clock;
    private final long periodNanos;
    private final Consumer<HealthSnapshot> publish;
    private final Runnable onThreadStart;
    private final AtomicBoolean refreshRequested = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param onThreadStart runs first on the watchdog thread (its scheduling priority is set there) */
    WatchdogLoop(Watchdog watchdog, NanoClock clock, long periodNanos, Consumer<HealthSnapshot> publish,
            Runnable onThreadStart) {
        this.onThreadStart = onThreadStart;
        this.watchdog = watchdog;
        this.clock = clock;
        this.periodNanos = periodNanos;
        this.publish = publish;
        this.thread = Thread.ofPlatform().daemon().name("vigil-liveness-watchdog").unstarted(this::run);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    void start() {
        thread.start();
    }

    /** Asks for an evaluation now rather than at the next period. Any thread; never blocks. */
    void requestRefresh() {
        refreshRequested.set(true);
        LockSupport.unpark(thread);
    }

    private void run() {
        onThreadStart.run();
        long next = clock.nanoTime() + periodNanos;
        step(() -> watchdog.evaluate(clock.nanoTime()));
        while (running) {
            long now = clock.nanoTime();
            if (now - next >= 0) {
                long lateness = now - next;
                step(() -> watchdog.onScheduledWake(now, lateness));
                next = now + periodNanos;
            } else if (refreshRequested.getAndSet(false)) {
                step(() -> watchdog.evaluate(now));
            } else {
                long wake = watchdog.nextWakeNanos(next);
                if (wake - now <= 0) {
                    step(() -> watchdog.evaluate(now)); // a budget ran out before the next sample
                } else {
                    LockSupport.parkNanos(this, wake - now);
                }
            }
        }
    }

    private void step(java.util.function.Supplier<HealthSnapshot> evaluation) {
        try {
            publish.accept(evaluation.get());
        } catch (RuntimeException | Error e) {
            // The watchdog must outlive a bug in one step, or liveness would freeze at its last verdict.
            LOG.log(System.Logger.Level.ERROR, "watchdog step failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
