package dev.vigil.process;

import dev.vigil.time.Ticker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One platform thread that captures the output of every launched process and observes their
 * exits: an {@link Epoll} set over the non-blocking read ends of all stdout/stderr pipes and the
 * leaders' pidfds. A readable pipe is read into its {@link LineCapture} (which appends to the log
 * on this thread: page-cache writes); a readable pidfd is reaped with {@code waitid(P_PIDFD)}.
 * When a process is reaped and both its pipes reached end of file, its
 * {@link RunningProcess#exit()} completes, or {@code drainLimit} after the reaping if a
 * descendant keeps a pipe open (capture then goes on until the pipe closes).
 *
 * <p>Exits complete on short-lived completion threads, never on the loop: callers' callbacks
 * (store writes, token sweeps that wait for deaths) must not stall everyone's output.
 *
 * <p>An {@link Error} (OutOfMemoryError, ...) is not caught here: it ends the thread and reaches
 * the uncaught-exception handler, which in the daemon is fatal (see {@code daemon.FatalErrors}). A
 * capture loop that went on after one would leave exits unseen and pipes full (issue 9 item 1).
 *
 * <p>Drain deadlines are counted on the injected {@link Ticker}, which must be the real one in use:
 * the loop waits for them in {@code epoll_wait}, a syscall that sleeps on real time.
 *
 * <p>Owned by its {@link NativeProcessLauncher}, which closes it. Thread-safe: {@link #watch},
 * {@link #reapedElsewhere} and {@link #close} may be called from any thread.
 */
final class CaptureLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CaptureLoop.class.getName());
    /** Bytes per read: a pipe's default capacity. */
    private static final int CHUNK = LineCapture.MAX_LINE;
    /** Reads of one pipe per readiness before the others get their turn (level-triggered: it comes back). */
    private static final int READS_PER_TURN = 16;
    private static final int EVENTS_PER_WAIT = 256;

    private final Epoll epoll = new Epoll(EVENTS_PER_WAIT);
    private final Map<Long, ProcessCapture.Watched> watched = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<ProcessCapture> draining = new ArrayList<>();
    private final MemorySegment chunk = Arena.ofAuto().allocate(CHUNK);
    private final ThreadPoolExecutor completions;
    private final Ticker ticker;
    private final Thread thread;
    private volatile boolean closed;

    CaptureLoop(String name, Ticker ticker) {
        this(name, ticker, null);
    }

    /** @param onError for tests: handles what ends the loop's thread instead of the JVM's default handler */
    CaptureLoop(String name, Ticker ticker, Thread.UncaughtExceptionHandler onError) {
        this.ticker = ticker;
        AtomicLong completers = new AtomicLong();
        // No thread while nothing exits; one per concurrent completion, gone 5 s after its last.
        this.completions = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> Thread.ofPlatform().name(name + "-exit-" + completers.incrementAndGet()).daemon(true).unstarted(r));
        Thread.Builder.OfPlatform builder = Thread.ofPlatform().name(name).daemon(true);
        this.thread = (onError == null ? builder : builder.uncaughtExceptionHandler(onError)).start(this::run);
    }

    /** Starts watching the pipes (and the pidfd, if any) of a freshly spawned process. */
    void watch(ProcessCapture capture) {
        add(capture.out.fd(), capture.out);
        add(capture.err.fd(), capture.err);
        if (capture.exitFd != null) {
            add(capture.exitFd.fd(), capture.exitFd);
        }
    }

    /** Runs {@code task} on the loop's thread, at its next turn. */
    void runOnLoop(Runnable task) {
        tasks.add(task);
        epoll.wake();
    }

    /** A waiter thread reaped the leader (the path without pidfds); the loop takes it from here. */
    void reapedElsewhere(ProcessCapture capture, ExitStatus status, Throwable failure) {
        runOnLoop(() -> onReaped(capture, status, failure));
    }

    private void add(int fd, ProcessCapture.Watched target) {
        long key = nextKey.getAndIncrement();
        watched.put(key, target);
        epoll.register(fd, key);
    }

    /**
     * Ends the loop's thread at its next turn; it then closes its epoll set and every pipe and
     * pidfd it still watched (their processes' exits never complete). Exits already completing
     * finish on their own threads. For after every process of the launcher has exited.
     */
    @Override
    public void close() {
        closed = true;
        epoll.wake();
    }

    private void run() {
        try {
            turns();
        } finally {
            if (closed) {
                for (Long key : List.copyOf(watched.keySet())) {
                    ProcessCapture.Watched target = watched.get(key);
                    if (target != null) {
                        forget(key, target.fd());
                    }
                }
                epoll.close();
                completions.shutdown();
            }
        }
    }

    private void turns() {
        while (!closed) {
            try {
                int ready = epoll.await(timeoutMillis());
                for (int i = 0; i < ready; i++) {
                    long key = epoll.key(i);
                    ProcessCapture.Watched target = watched.get(key);
                    if (target != null) {
                        switch (target) {
                            case ProcessCapture.Pipe pipe -> read(key, pipe);
                            case ProcessCapture.ExitFd exitFd -> reap(key, exitFd);
                        }
                    }
                }
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    runTask(task);
                }
                expireDrains();
            } catch (RuntimeException e) {
                // The loop serves every process: one failure must not end everyone's capture.
                LOG.log(System.Logger.Level.ERROR, "output capture loop: " + e, e);
            }
        }
    }

    /**
     * One task's failure must not strand the tasks queued behind it: their wake-up was consumed
     * with this turn's, and unlike a ready pipe a task does not come back by itself.
     */
    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "output capture loop task: " + e, e);
        }
    }

    private void read(long key, ProcessCapture.Pipe pipe) {
        LineCapture lines = pipe.lines();
        for (int turn = 0; turn < READS_PER_TURN; turn++) {
            int wanted = lines.room();
            long got = Libc.read(pipe.fd(), chunk, wanted);
            if (got > 0) {
                lines.accept(chunk, (int) got);
                if (got < wanted) {
                    return;   // the pipe is (almost surely) empty: saves a read that says EAGAIN
                }
                continue;
            }
            if (got == 0) {
                lines.endOfFile();
            } else {
                int errno = Libc.errno();
                if (errno == Libc.EAGAIN) {
                    return;
                }
                if (errno == Libc.EINTR) {
                    continue;
                }
                lines.readFailed(Libc.strerror(errno));
            }
            forget(key, pipe.fd());
            ProcessCapture capture = pipe.capture();
            capture.pipeClosed();
            finishIfReady(capture);
            return;
        }
    }

    private void reap(long key, ProcessCapture.ExitFd exitFd) {
        ProcessCapture capture = exitFd.capture();
        ExitStatus status = null;
        Throwable failure = null;
        try {
            var reaped = capture.process.reap(exitFd.fd());
            if (reaped.isEmpty()) {
                return;   // readable but not reapable yet: level-triggered, it comes back
            }
            status = reaped.get();
        } catch (RuntimeException e) {
            failure = e;
        }
        forget(key, exitFd.fd());
        onReaped(capture, status, failure);
    }

    private void onReaped(ProcessCapture capture, ExitStatus status, Throwable failure) {
        capture.reaped(status, failure, ticker.nanoTime());
        if (!finishIfReady(capture)) {
            draining.add(capture);
        }
    }

    private boolean finishIfReady(ProcessCapture capture) {
        if (!capture.readyToFinish(ticker.nanoTime())) {
            return false;
        }
        draining.remove(capture);
        completions.execute(capture::finish);
        return true;
    }

    private void expireDrains() {
        long now = ticker.nanoTime();
        for (ProcessCapture capture : List.copyOf(draining)) {
            if (now - capture.drainDeadlineNanos() >= 0 && capture.readyToFinish(now)) {
                draining.remove(capture);
                LOG.log(System.Logger.Level.INFO, "pid {0}: output still open {1} after exit (a descendant holds it); "
                        + "completing the exit, capture goes on until it closes", capture.process.pid(), capture.drainLimit);
                completions.execute(capture::finish);
            }
        }
    }

    /** Until the nearest drain deadline; no limit when nothing drains (idle costs no wake-ups). */
    private int timeoutMillis() {
        long now = ticker.nanoTime();
        long nearest = Long.MAX_VALUE;
        for (ProcessCapture capture : draining) {
            nearest = Math.min(nearest, Math.max(0, capture.drainDeadlineNanos() - now));
        }
        return nearest == Long.MAX_VALUE ? -1 : (int) Math.min(Integer.MAX_VALUE, (nearest + 999_999) / 1_000_000);
    }

    private void forget(long key, int fd) {
        watched.remove(key);
        epoll.unregister(fd);
        Libc.close(fd);
    }
}
