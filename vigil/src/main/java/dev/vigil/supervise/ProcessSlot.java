package dev.vigil.supervise;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.process.ExitStatus;
import java.util.Optional;

/**
 * What the core knows about one process of a service, for its current start. Immutable; every
 * change makes a new slot.
 *
 * @param spec           the process
 * @param phase          where it is in its own life
 * @param instance       its current start (0 = never started)
 * @param pid            0 until the launcher reported it
 * @param pgid           0 until the launcher reported it
 * @param startedNanos   when the launcher reported it
 * @param ready          READY=1 seen (always true for type = "simple")
 * @param open           its start gates passed: READY and startup probes; its other probes run
 * @param deadlineNanos  start deadline while gated, kill deadline while stopping, restart time while waiting
 * @param watchdogNanos  the current watchdog interval (0 = none)
 * @param watchdogMissed a watchdog deadline passed (or WATCHDOG=trigger) since the last ping
 * @param purpose        why the core is stopping it, when it is
 * @param note           for people: why it is not healthy (exit, stop cause, missed watchdog)
 * @param lastExit       how its previous start ended
 * @param status         the last STATUS= text
 */
record ProcessSlot(
        ProcessSpec spec,
        Phase phase,
        long instance,
        long pid,
        long pgid,
        long startedNanos,
        boolean ready,
        boolean open,
        long deadlineNanos,
        long watchdogNanos,
        boolean watchdogMissed,
        StopPurpose purpose,
        String note,
        Optional<ExitStatus> lastExit,
        String status) {

    enum Phase {
        /** No process, none pending. */
        DOWN,
        /** Spawn requested, pid not known yet. */
        SPAWNING,
        /** Running. */
        UP,
        /** stop_signal sent (or to be sent as soon as the pid is known); SIGKILL at the deadline. */
        STOPPING,
        /** SIGKILL sent; waiting for the exit. */
        KILLED,
        /**
         * The leader exited while the service was stopping; what it left behind (its group, escaped
         * descendants) is being swept. The stop is not done until the sweep confirms nothing of it runs.
         */
        SWEEPING,
        /** Down, restart scheduled at {@code deadlineNanos}. */
        WAITING
    }

    /** Why the core asked a process to stop, which decides what its exit means. */
    enum StopPurpose {
        /** Not being stopped by the core. */
        NONE,
        /** The service is stopping: its exit is expected. */
        SHUTDOWN,
        /** A probe or watchdog restart: spawn again at once when it has exited. */
        RESPAWN,
        /** It missed its start deadline: its exit is a failure for the restart policy. */
        FAILED_START
    }

    static ProcessSlot initial(ProcessSpec spec) {
        return new ProcessSlot(spec, Phase.DOWN, 0, 0, 0, 0, false, false, 0, 0, false, StopPurpose.NONE, "",
                Optional.empty(), "");
    }

    String name() {
        return spec.name();
    }

    /** A process exists or is about to (the core must wait for its exit before it is gone). */
    boolean alive() {
        return phase == Phase.SPAWNING || phase == Phase.UP || phase == Phase.STOPPING || phase == Phase.KILLED
                || phase == Phase.SWEEPING;
    }

    /** Its start needs more than the launcher's word: READY=1, or startup probes. */
    boolean needsReady() {
        return spec.type() == ProcessType.NOTIFY;
    }

    ProcessSlot spawning(long newInstance) {
        return new ProcessSlot(spec, Phase.SPAWNING, newInstance, 0, 0, 0, false, false, 0,
                spec.watchdog().map(d -> d.toNanos()).orElse(0L), false, StopPurpose.NONE, "", lastExit, "");
    }

    ProcessSlot up(long newPid, long newPgid, long now) {
        return new ProcessSlot(spec, Phase.UP, instance, newPid, newPgid, now, !needsReady(), false, 0,
                watchdogNanos, false, purpose, note, lastExit, status);
    }

    /** Stop requested: {@code deadline} is 0 while the pid is not known yet. */
    ProcessSlot stopping(long deadline, StopPurpose why, String cause) {
        return new ProcessSlot(spec, Phase.STOPPING, instance, pid, pgid, startedNanos, ready, false, deadline,
                watchdogNanos, watchdogMissed, why, cause, lastExit, status);
    }

    /** The pid arrived for a process the core had already decided to stop. */
    ProcessSlot stoppingWithPid(long newPid, long newPgid, long now, long deadline) {
        return new ProcessSlot(spec, Phase.STOPPING, instance, newPid, newPgid, now, ready, false, deadline,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, status);
    }

    ProcessSlot killed() {
        return new ProcessSlot(spec, Phase.KILLED, instance, pid, pgid, startedNanos, ready, false, deadlineNanos,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, status);
    }

    ProcessSlot down(Optional<ExitStatus> exit, String cause) {
        return new ProcessSlot(spec, Phase.DOWN, instance, 0, 0, 0, false, false, 0, watchdogNanos, false,
                StopPurpose.NONE, cause, exit.or(() -> lastExit), status);
    }

    /** The leader exited (how: {@code exit}); its leftovers are being swept. */
    ProcessSlot sweeping(Optional<ExitStatus> exit, String cause) {
        return new ProcessSlot(spec, Phase.SWEEPING, instance, 0, 0, 0, false, false, 0, watchdogNanos, false,
                StopPurpose.NONE, cause, exit.or(() -> lastExit), status);
    }

    ProcessSlot waiting(long until, String cause) {
        return new ProcessSlot(spec, Phase.WAITING, instance, 0, 0, 0, false, false, until, watchdogNanos, false,
                StopPurpose.NONE, cause, lastExit, status);
    }

    ProcessSlot withReady() {
        return new ProcessSlot(spec, phase, instance, pid, pgid, startedNanos, true, open, deadlineNanos,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, status);
    }

    ProcessSlot opened() {
        return new ProcessSlot(spec, phase, instance, pid, pgid, startedNanos, ready, true, 0,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, status);
    }

    ProcessSlot withDeadline(long deadline) {
        return new ProcessSlot(spec, phase, instance, pid, pgid, startedNanos, ready, open, deadline,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, status);
    }

    ProcessSlot withWatchdog(long interval, boolean missed, String cause) {
        return new ProcessSlot(spec, phase, instance, pid, pgid, startedNanos, ready, open, deadlineNanos,
                interval, missed, purpose, cause, lastExit, status);
    }

    ProcessSlot withStatus(String text) {
        return new ProcessSlot(spec, phase, instance, pid, pgid, startedNanos, ready, open, deadlineNanos,
                watchdogNanos, watchdogMissed, purpose, note, lastExit, text);
    }
}
