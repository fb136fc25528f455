package dev.vigil.supervise;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the shell runs the effects that touch the system (spawn, signals, kill and sweep, evidence
 * collection): off the supervisor's thread, so a sweep that reads every process's environment, or
 * a launch that writes the store, never holds up another service's state. Work for one process
 * runs in the order it was submitted (one lane per process: its stop signal never overtakes its
 * spawn, its new spawn waits for the old start's sweep); lanes of different processes run side by
 * side on a small bounded pool.
 *
 * <p>Submission is confined to the supervisor's thread (the lane map is unsynchronised); the
 * tasks report back by posting messages to the supervisor's mailbox.
 */
final class SystemLanes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SystemLanes.class.getName());
    /** Threads of the pool the shell owns: enough for a few slow sweeps side by side. */
    static final int THREADS = 4;
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final ThreadPoolExecutor owned;
    /** The last task submitted to each lane; touched only by the supervisor's thread. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    private SystemLanes(Executor executor, ThreadPoolExecutor owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /** Lanes on a pool of {@link #THREADS} daemon threads ({@code vigil-effects}), shut down by {@link #close}. */
    static SystemLanes owned() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("vigil-effects-", 0).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return new SystemLanes(pool, pool);
    }

    /** Lanes on {@code executor} (tests: a direct executor runs each task at once, in order). */
    static SystemLanes on(Executor executor) {
        return new SystemLanes(executor, null);
    }

    /** Lanes kept before finished ones are dropped; far above the processes of a normal config. */
    private static final int TIDY_ABOVE = 1024;

    /** Runs {@code task} after every task submitted to {@code lane} before it, whatever they did. */
    void submit(String lane, Runnable task) {
        if (tails.size() > TIDY_ABOVE) {
            tails.values().removeIf(CompletableFuture::isDone);
        }
        CompletableFuture<Void> previous = tails.getOrDefault(lane, IDLE);
        CompletableFuture<Void> next = previous.handleAsync((ignored, error) -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "effect on " + lane + " failed", e);
            }
            return null;
        }, executor);
        tails.put(lane, next);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
