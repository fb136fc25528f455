package dev.vigil.liveness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What the watchdog asks about threads: who is deadlocked, and what a stalled thread is doing.
 * Injected so that stall and deadlock policies are tested with scripted answers.
 *
 * <p>Deadlock detection uses {@link ThreadMXBean#findDeadlockedThreads()}, which cannot see
 * deadlocks between <em>virtual</em> threads; heartbeats on the loops those threads run cover that.
 */
public interface ThreadInspector {
    /** Names (with ids) of threads deadlocked on monitors or ownable synchronizers; empty if none. */
    List<String> deadlockedThreads();

    /** The stack of one thread, platform or virtual; empty if it has terminated. */
    StackTraceElement[] stackOf(Thread thread);

    /** The running JVM's threads. */
    static ThreadInspector jvm() {
        return of(ManagementFactory.getThreadMXBean());
    }

    /** Threads as seen by the given bean (injected for tests). */
    static ThreadInspector of(ThreadMXBean bean) {
        return new ThreadInspector() {
            @Override
            public List<String> deadlockedThreads() {
                long[] ids = bean.isSynchronizerUsageSupported()
                        ? bean.findDeadlockedThreads()
                        : bean.findMonitorDeadlockedThreads();
                if (ids == null) { // the bean's way of saying "none"
                    return List.of();
                }
                List<String> names = new ArrayList<>(ids.length);
                for (ThreadInfo info : bean.getThreadInfo(ids)) {
                    if (info != null) {
                        names.add(info.getThreadName() + "#" + info.getThreadId()
                                + " waiting for " + info.getLockName() + " held by " + info.getLockOwnerName());
                    }
                }
                return List.copyOf(names);
            }

            @Override
            public StackTraceElement[] stackOf(Thread thread) {
                return thread.getStackTrace();
            }
        };
    }
}
