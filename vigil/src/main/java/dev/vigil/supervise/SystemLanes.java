package dev.vigil.supervise;

import java.util.HashMap;
import java.util.List;
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
 * side on small bounded pools.
 *
 * <p>Spawns run on a pool of their own ({@link #SPAWN_THREADS}): {@code posix_spawn} holds its
 * thread until the child has exec'd (on a loaded host, until the child is scheduled), and a start
 * must not queue behind sweeps of {@code /proc} that take hundreds of milliseconds each
 * (docs/benchmarks/process.md; start-up figures: docs/benchmarks/daemon.md).
 * Order within a lane does not depend on the pool: each task is chained to the lane's previous one.
 *
 * <p>Submission is confined to the supervisor's thread (the lane map is unsynchronised); the
 * tasks report back by posting messages to the supervisor's mailbox.
 */
final class SystemLanes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SystemLanes.class.getName());
    /** Threads of the pool the shell owns: enough for a few slow sweeps side by side. */
    static final int THREADS = 4;
    /** Threads for spawns: how many starts may wait for their child's exec at once. */
    static final int SPAWN_THREADS = 8;
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final Executor spawnExecutor;
    private final List<ThreadPoolExecutor> owned;
    /** The last task submitted to each lane; touched only by the supervisor's thread. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    private SystemLanes(Executor executor, Executor spawnExecutor, List<ThreadPoolExecutor> owned) {
        this.executor = executor;
        this.spawnExecutor = spawnExecutor;
        this.owned = owned;
    }

    /**
     * Lanes on two pools of daemon threads, {@link #THREADS} ({@code vigil-effects-N}) and
     * {@link #SPAWN_THREADS} ({@code vigil-spawn-N}), started on demand, ended after 30 s idle, shut
     * down by {@link #close}.
     */
    static SystemLanes owned() {
        ThreadPoolExecutor effects = pool(THREADS, "vigil-effects-");
        ThreadPoolExecutor spawns = pool(SPAWN_THREADS, "vigil-spawn-");
        return new SystemLanes(effects, spawns, List.of(effects, spawns));
    }

    private static ThreadPoolExecutor pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name, 0).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Lanes on {@code executor}, spawns included (tests: a direct executor runs each task at once, in order). */
    static SystemLanes on(Executor executor) {
        return new SystemLanes(executor, executor, List.of());
    }

    /** Lanes kept before finished ones are dropped; far above the processes of a normal config. */
    private static final int TIDY_ABOVE = 1024;

    /** Runs {@code task} after every task submitted to {@code lane} before it, whatever they did. */
    void submit(String lane, Runnable task) {
        submit(lane, task, executor);
    }

    /** As {@link #submit}, on the spawn pool: {@code task} starts a process. */
    void spawn(String lane, Runnable task) {
        submit(lane, task, spawnExecutor);
    }

    private void submit(String lane, Runnable task, Executor on) {
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
        }, on);
        tails.put(lane, next);
    }

    @Override
    public void close() {
        owned.forEach(ThreadPoolExecutor::shutdown);
    }
}
