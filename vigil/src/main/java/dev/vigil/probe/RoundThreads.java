package dev.vigil.probe;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where probe rounds run: a few reused platform threads, and a virtual thread for each round that
 * finds them all busy.
 *
 * <p>Why platform threads first: a healthy round blocks briefly in connect and read. On a platform
 * thread the kernel wakes it directly; on a virtual thread every block is a poller registration, a
 * poller wake-up and a carrier hand-off, which measured about twice the CPU per round (docs/benchmarks/probes.md).
 * Why the virtual-thread spill: a round never waits for a free thread, so however many peers hang
 * until their deadlines, no other round starts late; and the platform threads stay bounded.
 *
 * <p>The hard deadline holds on both kinds of thread: {@link Deadline} closes the channel, which
 * wakes a platform thread blocked in a socket call as it wakes a parked virtual thread.
 */
final class RoundThreads {

    /** Enough for 1,000 rounds/s of healthy probes with room to spare; beyond it rounds spill to virtual threads. */
    static final int PLATFORM_THREADS = 16;
    /** Idle platform threads end after this long, so a burst of hung peers leaves nothing behind. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private RoundThreads() {
    }

    /**
     * An executor running each task at once: on an idle one of at most {@code platformThreads}
     * platform daemon threads, else on a new virtual thread. {@code shutdown} ends the platform
     * threads once idle; tasks submitted after it run on virtual threads.
     */
    static ThreadPoolExecutor newExecutor(int platformThreads, Duration keepAlive) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, platformThreads, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), Thread.ofPlatform().name("vigil-probe-", 0).daemon(true).factory(),
                (task, full) -> Thread.startVirtualThread(task));
        return executor;
    }
}
