package dev.vigil.process;

import java.time.Duration;

/**
 * What the {@link CaptureLoop} tracks for one launched process: its two output pipes, its pidfd
 * (or none, when a waiter thread observes the exit instead), its log, and whether
 * {@link RunningProcess#exit()} may complete yet.
 *
 * <p>The rule: {@code exit()} completes once the leader has been reaped and both pipes reached end
 * of file, or {@code drainLimit} after the reaping if a descendant keeps a pipe open. The log is
 * closed when both pipes reached end of file. Mutated by the loop thread only (after
 * {@link CaptureLoop#watch} published it).
 */
final class ProcessCapture {
    /** A descriptor the loop watches, and what its readiness means. */
    sealed interface Watched permits Pipe, ExitFd {
        ProcessCapture capture();

        int fd();
    }

    /** One output pipe's read end (non-blocking) and the lines cut from it. */
    record Pipe(ProcessCapture capture, int fd, LineCapture lines) implements Watched {
    }

    /** The leader's pidfd: readable once it has exited. */
    record ExitFd(ProcessCapture capture, int fd) implements Watched {
    }

    final LaunchedProcess process;
    final RotatingLog log;
    final Duration drainLimit;
    final Pipe out;
    final Pipe err;
    /** Null when the exit is observed by a waiter thread. */
    final ExitFd exitFd;
    private int openPipes = 2;
    private boolean reaped;
    private ExitStatus status;
    private Throwable failure;
    private boolean finished;
    private long drainDeadlineNanos;

    /** @param pidfd the leader's pidfd, or -1 when a waiter thread observes the exit */
    ProcessCapture(LaunchedProcess process, RotatingLog log, Duration drainLimit, int stdoutFd, LineCapture stdout,
            int stderrFd, LineCapture stderr, int pidfd) {
        this.process = process;
        this.log = log;
        this.drainLimit = drainLimit;
        this.out = new Pipe(this, stdoutFd, stdout);
        this.err = new Pipe(this, stderrFd, stderr);
        this.exitFd = pidfd >= 0 ? new ExitFd(this, pidfd) : null;
    }

    /** A pipe reached end of file (or failed): the log closes after the second one. */
    void pipeClosed() {
        openPipes--;
        if (openPipes == 0) {
            log.close();
        }
    }

    /** The leader was reaped with {@code status}, or reaping failed with {@code failure}. */
    void reaped(ExitStatus status, Throwable failure, long nowNanos) {
        this.reaped = true;
        this.status = status;
        this.failure = failure;
        this.drainDeadlineNanos = nowNanos + drainLimit.toNanos();
    }

    /** True once: when the exit may complete now (reaped, and output drained or the limit passed). */
    boolean readyToFinish(long nowNanos) {
        if (finished || !reaped || (openPipes > 0 && nowNanos - drainDeadlineNanos < 0)) {
            return false;
        }
        finished = true;
        return true;
    }

    long drainDeadlineNanos() {
        return drainDeadlineNanos;
    }

    /** Completes {@code exit()} (on a completion thread, never the loop's). */
    void finish() {
        process.finish(status, failure);
    }
}
