package dev.vigil.process;

import dev.vigil.config.UnixSignal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A process Vigil started, leader of its own process group.
 *
 * <p>Thread-safe. Signalling a group that has already gone is a no-op, not an error.
 */
public interface RunningProcess {

    long pid();

    /** The process group; equal to {@link #pid()} for processes Vigil starts. */
    long pgid();

    /** Wall-clock start, for people. */
    Instant startedAt();

    /**
     * The kernel's start time of the process in clock ticks since boot ({@code /proc/PID/stat}
     * field 22): with the pid, it identifies this process across a daemon restart even if the pid
     * is reused.
     */
    long startTicks();

    /**
     * Completes when the group leader has exited and its output has been fully captured (every
     * line it wrote is in the log before this completes).
     */
    CompletableFuture<ExitStatus> exit();

    /** Sends {@code signal} to every process of the group (kill(-pgid, sig)). */
    void signalGroup(UnixSignal signal);

    /**
     * Kills everything this process left behind: the group, and any descendant that escaped it
     * (double fork + setsid), found by the instance token in its environment. Idempotent.
     */
    void killAll();

    /**
     * The unique token exported as {@code VIGIL_INSTANCE} to this process (and so inherited by its
     * descendants), which the store records so that a later daemon can find what this one left
     * running. Empty for implementations that do not tag processes (test doubles).
     */
    default Optional<String> instanceToken() {
        return Optional.empty();
    }

    /**
     * The process's own cgroup v2 directory, when it has one ({@code memory_max}/{@code cpu_max}
     * on a machine that enforces them). Empty otherwise, and for test doubles.
     */
    default Optional<java.nio.file.Path> cgroup() {
        return Optional.empty();
    }

    /** The last lines of output, oldest first, at most {@code max}. */
    List<LogLine> tail(int max);

    /**
     * The first {@code max} lines numbered above {@code afterSeq} that are still in memory, oldest
     * first: a follower passes the last seq it saw. A gap between {@code afterSeq} and the first
     * line's seq is how many lines were no longer held.
     */
    default List<LogLine> tailAfter(long afterSeq, int max) {
        return tail(Integer.MAX_VALUE).stream().filter(l -> l.seq() > afterSeq).limit(max).toList();
    }
}
