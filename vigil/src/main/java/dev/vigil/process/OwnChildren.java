package dev.vigil.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToLongFunction;

/**
 * The children this JVM started on purpose and reaps itself: the launcher's leaders (reaped with
 * {@code waitid(P_PIDFD)} or {@code P_PID}) and the exec probes' processes (reaped by the JDK's
 * own reaper thread). The {@link ChildReaper} reaps every other child (adopted orphans) and must
 * never reap one of these, or their owner would lose the exit status (the JDK would even report
 * exit 0 for a probe whose {@code waitpid} got ECHILD).
 *
 * <p>A child can exit before its spawner learns its pid, so {@link #spawn} holds a shared lock
 * from before the fork until the pid is registered, and the reaper decides under the exclusive
 * one ({@link #reaping()}): it never sees a child of ours that is not registered yet. Spawners
 * wait at most one reaping round (a few system calls), never each other.
 *
 * <p>JVM-wide on purpose: children belong to the process, not to an object. Thread-safe.
 */
public final class OwnChildren {
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static final Set<Long> PIDS = ConcurrentHashMap.newKeySet();

    private OwnChildren() {
    }

    /** What starts a child: a fork/spawn that may throw. */
    @FunctionalInterface
    public interface Start<T, E extends Exception> {
        T start() throws E;
    }

    /**
     * Starts a child with {@code start} and registers its pid before any reaper can look.
     * The caller must {@link #release} the pid once it has reaped the child.
     */
    public static <T, E extends Exception> T spawn(Start<T, E> start, ToLongFunction<T> pidOf) throws E {
        LOCK.readLock().lock();
        try {
            T child = start.start();
            PIDS.add(pidOf.applyAsLong(child));
            return child;
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** The owner reaped {@code pid}: from now on that number is not ours. */
    public static void release(long pid) {
        PIDS.remove(pid);
    }

    static boolean owns(long pid) {
        return PIDS.contains(pid);
    }

    /** Held by the reaper while it decides what to reap: no spawn is half done meanwhile. */
    static Lock reaping() {
        return LOCK.writeLock();
    }
}
