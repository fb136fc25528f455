package dev.vigil.process;

import dev.vigil.config.UnixSignal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process started by {@link NativeProcessLauncher}: leader of its own session and group, reaped
 * by the {@link CaptureLoop} when its pidfd turns readable (or by a waiter thread of its own where
 * pidfds are unavailable).
 *
 * <p>The leader's pid doubles as the group id, so it must not be signalled once reaped (the pid may
 * then belong to someone else). {@link #reaped} flips under {@link #lock} before the reaping
 * {@code waitid}, and group signals check it under the same lock, which closes that race.
 */
final class LaunchedProcess implements RunningProcess {
    /** Sweeps repeat while they find something; a fork bomb is not the threat model. */
    private static final int MAX_SWEEPS = 20;

    private final long pid;
    private final long startTicks;
    private final Instant startedAt;
    private final String instanceToken;
    private final TailBuffer tail;
    private final ProcessInspector inspector;
    private final TokenSweep sweep;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final Object lock = new Object();
    private boolean reaped;

    LaunchedProcess(long pid, long startTicks, Instant startedAt, String instanceToken, TailBuffer tail,
            ProcessInspector inspector, TokenSweep sweep) {
        this.pid = pid;
        this.startTicks = startTicks;
        this.startedAt = startedAt;
        this.instanceToken = instanceToken;
        this.tail = tail;
        this.inspector = inspector;
        this.sweep = sweep;
    }

    /**
     * Reaps the leader once it has exited: through its pidfd (never blocks; empty if it has not
     * exited after all), or with {@code pidfd < 0} by pid (blocks until it exits). {@link #reaped}
     * flips under {@link #lock} together with the reaping {@code waitid}, so no group signal can
     * reach the pid after it was freed for reuse.
     */
    Optional<ExitStatus> reap(int pidfd) {
        synchronized (lock) {
            reaped = true;   // also if waitid throws: the pid's fate is unknown, so never signal it again
            Optional<ExitStatus> status = pidfd >= 0 ? Spawner.reap(Libc.P_PIDFD, pidfd) : Spawner.reap(Libc.P_PID, pid);
            reaped = status.isPresent();
            if (reaped) {
                OwnChildren.release(pid);
            }
            return status;
        }
    }

    /**
     * The body of the per-process waiter thread (when pidfds are unavailable): waitid(WEXITED |
     * WNOWAIT) returns once the leader is a zombie, leaving it unreaped for {@link #reap}.
     */
    void waitUntilExited() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            while (Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOWAIT) != 0) {
                int errno = Libc.errno();
                if (errno != Libc.EINTR) {
                    throw new IllegalStateException("waitid(" + pid + ") failed: " + Libc.strerror(errno));
                }
            }
        }
    }

    /** Completes {@link #exit()}: called once the output is captured (or the drain limit passed). */
    void finish(ExitStatus status, Throwable failure) {
        if (failure != null) {
            exit.completeExceptionally(failure);
        } else {
            exit.complete(status);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long pgid() {
        return pid;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public long startTicks() {
        return startTicks;
    }

    @Override
    public Optional<String> instanceToken() {
        return Optional.of(instanceToken);
    }

    @Override
    public CompletableFuture<ExitStatus> exit() {
        return exit;
    }

    /** Its own cgroup, when it has one: killed with it and removed after its exit. */
    private volatile ProcessCgroup cgroup;

    @Override
    public Optional<java.nio.file.Path> cgroup() {
        ProcessCgroup own = cgroup;
        return own == null ? Optional.empty() : Optional.of(own.dir());
    }

    void useCgroup(ProcessCgroup own) {
        this.cgroup = own;
        exit().whenComplete((status, failure) -> own.removeIfEmpty());
    }

    /**
     * While the leader is unreaped, kill(-pgid). Afterwards the group id may be reused, so the
     * signal goes only to processes that still carry this instance's token and sit in the group.
     */
    @Override
    public void signalGroup(UnixSignal signal) {
        synchronized (lock) {
            if (!reaped) {
                Signals.sendToGroup(pid, signal.number());
                return;
            }
        }
        for (long member : inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE, instanceToken)) {
            if (inspector.stat(member).filter(s -> s.pgrp() == pid).isPresent()) {
                Signals.send(member, signal.number());
            }
        }
    }

    @Override
    public void killAll() {
        synchronized (lock) {
            if (!reaped) {
                Signals.sendToGroup(pid, UnixSignal.KILL.number());
            }
        }
        ProcessCgroup own = cgroup;
        if (own != null) {
            own.kill();     // exact: every process in the cgroup, whatever its group or token
        }
        sweep.killAll(instanceToken, MAX_SWEEPS);
    }

    @Override
    public List<LogLine> tail(int max) {
        return tail.last(max);
    }

    @Override
    public List<LogLine> tailAfter(long afterSeq, int max) {
        return tail.after(afterSeq, max);
    }

    /** For tests and diagnostics: waits for the exit with a bound. */
    ExitStatus awaitExit(Duration limit) throws TimeoutException, InterruptedException {
        try {
            return exit.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
