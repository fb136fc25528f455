package dev.vigil.supervise;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.process.ExitStatus;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the core knows about one process of a service, for its current start. Immutable; every
 * change makes a new slot. What is true in only one phase of the process's life (a pid, a kill
 * deadline, a restart time, a start gate) lives in that phase's record, as {@link ServiceState}
 * does for services: the rules switch over {@link Phase} with no {@code default}, so the compiler
 * names every phase a rule forgot.
 *
 * @param spec     the process
 * @param instance its current start (0 = never started)
 * @param phase    where it is in its own life, with what is true there
 * @param lastExit how its previous start ended
 * @param status   the last STATUS= text (kept across starts, for display)
 */
record ProcessSlot(ProcessSpec spec, long instance, Phase phase, Optional<ExitStatus> lastExit, String status) {

    /** The phase of one process, each record carrying only what is true in it. */
    sealed interface Phase {
    }

    /** A phase in which a process with a known pid exists. */
    sealed interface Live extends Phase {
        long pid();

        long pgid();

        /** When the launcher reported it (monotonic). */
        long startedNanos();
    }

    /** No process, none pending; {@code note} says why, for people ("" = never started or stopped on request). */
    record Down(String note) implements Phase {}

    /** Spawn requested, pid not known yet. */
    record Spawning() implements Phase {}

    /**
     * Spawn requested, and the core decided to stop it before the launcher answered: it is stopped
     * as soon as its pid is known.
     */
    record SpawningToStop(StopPurpose purpose, String note) implements Phase {}

    /**
     * Running.
     *
     * @param gate     its start gate: waiting for READY=1 and its startup probes, or open
     * @param watchdog its watchdog, if any
     */
    record Up(long pid, long pgid, long startedNanos, Gate gate, Watchdog watchdog) implements Live {}

    /** Its stop signal was sent; SIGKILL at {@code deadlineNanos}. {@code note} says why, for people. */
    record Stopping(long pid, long pgid, long startedNanos, long deadlineNanos, StopPurpose purpose, String note)
            implements Live {}

    /** SIGKILL sent at the stop deadline; waiting for the exit. */
    record Killed(long pid, long pgid, long startedNanos, StopPurpose purpose, String note) implements Live {}

    /**
     * The leader exited while the service was stopping; what it left behind (its group, escaped
     * descendants) is being swept. The stop is not done until the sweep confirms nothing of it runs.
     */
    record Sweeping(String note) implements Phase {}

    /** Down, restart scheduled at {@code untilNanos}; {@code note} says why it went down. */
    record Waiting(long untilNanos, String note) implements Phase {}

    /** The start gate of a running process: its other probes run only once it is open. */
    sealed interface Gate {
        /** Waiting for READY=1 ({@code ready} once seen) and its startup probes; start deadline if armed. */
        record Closed(boolean ready, OptionalLong deadlineNanos) implements Gate {}

        /** READY (or simple) and startup probes passed. */
        record Open() implements Gate {}
    }

    /**
     * The watchdog of a running process.
     *
     * @param intervalNanos the current interval (0 = none)
     * @param missed        why a deadline passed (or WATCHDOG=trigger) since the last ping, if it did
     */
    record Watchdog(long intervalNanos, Optional<String> missed) {
        static final Watchdog NONE = new Watchdog(0, Optional.empty());

        boolean armed() {
            return intervalNanos > 0;
        }
    }

    /** Why the core asked a process to stop, which decides what its exit means. */
    enum StopPurpose {
        /** The service is stopping: its exit is expected. */
        SHUTDOWN,
        /** A probe or watchdog restart: spawn again at once when it has exited. */
        RESPAWN,
        /** It missed its start deadline: its exit is a failure for the restart policy. */
        FAILED_START
    }

    static ProcessSlot initial(ProcessSpec spec) {
        return new ProcessSlot(spec, 0, new Down(""), Optional.empty(), "");
    }

    String name() {
        return spec.name();
    }

    /** A process exists or is about to (the core must wait for its exit, and its sweep, before it is gone). */
    boolean alive() {
        return switch (phase) {
            case Spawning p -> true;
            case SpawningToStop p -> true;
            case Up p -> true;
            case Stopping p -> true;
            case Killed p -> true;
            case Sweeping p -> true;
            case Down p -> false;
            case Waiting p -> false;
        };
    }

    /** The pid while one is known, else 0 (for views). */
    long pid() {
        return phase instanceof Live live ? live.pid() : 0;
    }

    long pgid() {
        return phase instanceof Live live ? live.pgid() : 0;
    }

    /** Running with its start gate open: its probes run. */
    boolean open() {
        return phase instanceof Up up && up.gate() instanceof Gate.Open;
    }

    /** Its start needs more than the launcher's word: READY=1. */
    boolean needsReady() {
        return spec.type() == ProcessType.NOTIFY;
    }

    /** Why the core is stopping it, when it is. */
    Optional<StopPurpose> purpose() {
        return switch (phase) {
            case SpawningToStop p -> Optional.of(p.purpose());
            case Stopping p -> Optional.of(p.purpose());
            case Killed p -> Optional.of(p.purpose());
            case Down p -> Optional.empty();
            case Spawning p -> Optional.empty();
            case Up p -> Optional.empty();
            case Sweeping p -> Optional.empty();
            case Waiting p -> Optional.empty();
        };
    }

    /** For people: why it is not healthy (exit, stop cause, missed watchdog); "" when nothing. */
    String note() {
        return switch (phase) {
            case Down p -> p.note();
            case SpawningToStop p -> p.note();
            case Stopping p -> p.note();
            case Killed p -> p.note();
            case Sweeping p -> p.note();
            case Waiting p -> p.note();
            case Up p -> p.watchdog().missed().orElse("");
            case Spawning p -> "";
        };
    }

    ProcessSlot in(Phase next) {
        return new ProcessSlot(spec, instance, next, lastExit, status);
    }

    /** A new start as {@code newInstance}, pid not known yet. */
    ProcessSlot spawning(long newInstance) {
        return new ProcessSlot(spec, newInstance, new Spawning(), lastExit, "");
    }

    /** Gone; {@code exit} (if any) becomes the last exit. */
    ProcessSlot down(Optional<ExitStatus> exit, String cause) {
        return new ProcessSlot(spec, instance, new Down(cause), exit.or(() -> lastExit), status);
    }

    /** The leader exited (how: {@code exit}); its leftovers are being swept. */
    ProcessSlot sweeping(Optional<ExitStatus> exit, String cause) {
        return new ProcessSlot(spec, instance, new Sweeping(cause), exit.or(() -> lastExit), status);
    }

    ProcessSlot withStatus(String text) {
        return new ProcessSlot(spec, instance, phase, lastExit, text);
    }

    /** The interval the spec asks for at each start (0 = none). */
    Watchdog initialWatchdog() {
        return spec.watchdog().map(d -> new Watchdog(d.toNanos(), Optional.empty())).orElse(Watchdog.NONE);
    }
}
