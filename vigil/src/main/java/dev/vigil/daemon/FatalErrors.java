package dev.vigil.daemon;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Makes an {@link Error} (OutOfMemoryError, StackOverflowError, ...) on any thread of the daemon
 * fatal and loud: one line on stderr and a {@code daemon_fatal} event, every service stopped (best
 * effort, bounded in time), then the JVM halts with {@link Daemon#FATAL}. A supervisor that lost a
 * thread to an Error would otherwise live on as a zombie: exits unseen, commands unanswered, and,
 * because it never exits, never restarted by systemd above it (issue 9 item 1).
 *
 * <p>Installed as the default uncaught-exception handler at the composition root. An uncaught
 * exception that is not an Error ends only its thread and is logged.
 *
 * <p>The work runs on a thread started at install time, so none has to be created when memory is
 * gone, and a 1 MiB reserve is freed first to give it room. If that work takes longer than
 * {@code limit}, the failing thread halts the JVM anyway.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
    private static final System.Logger LOG = System.getLogger(FatalErrors.class.getName());

    /** What the daemon does on the way down; each step is best effort. */
    interface Shutdown {
        /** Says it, once (stderr line, event). */
        void announce(Thread thread, Throwable error);

        /** Stops every service, within its own bound. */
        void stopServices();

        /** Gives queued output a last chance to be written. */
        void flush();
    }

    private final Shutdown shutdown;
    private final Duration limit;
    private final IntConsumer halt;
    private final AtomicReference<Thread> failedThread = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable error;
    @SuppressWarnings("unused")
    private volatile byte[] reserve = new byte[1 << 20];

    FatalErrors(Shutdown shutdown, Duration limit, IntConsumer halt) {
        this.shutdown = shutdown;
        this.limit = limit;
        this.halt = halt;
        Thread.ofPlatform().name("vigil-fatal").daemon(true).start(this::awaitFailure);
    }

    /** Installs a handler for the whole JVM that halts it with {@link Daemon#FATAL}. */
    static FatalErrors install(Shutdown shutdown, Duration limit) {
        FatalErrors handler = new FatalErrors(shutdown, limit, Runtime.getRuntime()::halt);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        return handler;
    }

    /**
     * For a failure that a future would otherwise keep where nobody looks (a callback chained on
     * a CompletableFuture): an Error goes to the current thread's uncaught-exception handler.
     */
    static void surface(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof Error error) {
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable throwable) {
        if (!(throwable instanceof Error)) {
            LOG.log(System.Logger.Level.ERROR, "thread " + thread.getName() + " ended by an uncaught exception", throwable);
            return;
        }
        fatal(thread, throwable);
    }

    /** The daemon cannot go on: stops everything and halts. Returns only in tests (halt injected). */
    void fatal(Thread thread, Throwable throwable) {
        reserve = null;
        if (failedThread.compareAndSet(null, thread)) {
            error = throwable;
            failed.countDown();
        }
        try {
            // The first failure's worker does the work; this thread only bounds it.
            if (!done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                halt.accept(Daemon.FATAL);
            }
        } catch (InterruptedException e) {
            halt.accept(Daemon.FATAL);
        }
    }

    private void awaitFailure() {
        try {
            failed.await();
        } catch (InterruptedException e) {
            return;
        }
        try {
            shutdown.announce(failedThread.get(), error);
            shutdown.stopServices();
            shutdown.flush();
        } catch (Throwable t) {
            // Best effort: nothing more can be done than exiting, which comes next.
        } finally {
            done.countDown();
            halt.accept(Daemon.FATAL);
        }
    }
}
