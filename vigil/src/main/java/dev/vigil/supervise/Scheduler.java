package dev.vigil.supervise;

import dev.vigil.time.Ticker;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a monotonic deadline ({@link Ticker#nanoTime()} scale). The supervisor uses it
 * for backoff ends, start/stop deadlines and watchdogs; its tasks only post a message to the
 * supervisor's own thread, so they are short.
 *
 * <p>Implementations are thread-safe. Tests use a manual scheduler that runs what is due when
 * they advance a fake clock.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once, at or soon after {@code atNanos}; at once if that has passed. */
    Cancellable schedule(long atNanos, Runnable task);

    /** A pending task. */
    @FunctionalInterface
    interface Cancellable {
        /** The task will not start after this returns (it may be running already). Idempotent. */
        void cancel();
    }

    /** A real scheduler on one daemon platform thread, measuring deadlines with {@code ticker}. */
    static Scheduler onDaemonThread(Ticker ticker) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vigil-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        // Watchdog deadlines are pushed on every ping: without this, cancelled tasks pile up until due.
        executor.setRemoveOnCancelPolicy(true);
        return (atNanos, task) -> {
            long delay = Math.max(0, atNanos - ticker.nanoTime());
            var future = executor.schedule(() -> {
                try {
                    task.run();
                } catch (Error e) {
                    // The ScheduledFuture would keep it where nobody looks: the thread's handler (fatal in the daemon) gets it.
                    Thread thread = Thread.currentThread();
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                    throw e;
                }
            }, delay, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
