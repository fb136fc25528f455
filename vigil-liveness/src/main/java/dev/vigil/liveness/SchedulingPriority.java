package dev.vigil.liveness;

/**
 * What scheduling priority the library's own threads (the health listener and the watchdog) ask
 * the kernel for, so that they keep answering when the application saturates every core.
 *
 * <p>Applied per thread (Linux: {@code setpriority(PRIO_PROCESS, gettid(), nice)} and
 * {@code sched_setscheduler(gettid(), ...)} through FFM), never to the whole process. Raising a
 * priority needs {@code CAP_SYS_NICE} or a large enough {@code RLIMIT_NICE}/{@code RLIMIT_RTPRIO};
 * without them the thread keeps what it was allowed (the closest permitted value, or nothing) and
 * {@code /health} says what was requested, what was obtained and why. A real-time policy is set
 * with {@code SCHED_RESET_ON_FORK}, so a thread or process started from such a thread would begin
 * with normal scheduling (the library's two threads start none).
 *
 * <p>The default, {@link #unchanged()}, touches nothing: a library should not change how its host
 * is scheduled unless asked.
 */
public sealed interface SchedulingPriority {

    /** The threads keep the scheduling they were created with (the default). */
    static SchedulingPriority unchanged() {
        return new Unchanged();
    }

    /**
     * A nice value for each library thread, from -20 (most favoured) to 19. Below the process's
     * current nice, this needs {@code CAP_SYS_NICE} or {@code RLIMIT_NICE} ≥ {@code 20 - nice}.
     */
    static SchedulingPriority nice(int nice) {
        return new Nice(nice);
    }

    /**
     * A real-time policy ({@code SCHED_RR} or {@code SCHED_FIFO}) at {@code priority} 1..99, which
     * preempts every normal thread; where not permitted (no {@code CAP_SYS_NICE}, {@code RLIMIT_RTPRIO}
     * too low), the closest permitted real-time priority, else {@code fallbackNice} as by {@link #nice}.
     * The library's threads sleep between short bursts of work, so they cannot starve the machine.
     */
    static SchedulingPriority realtime(RealtimePolicy policy, int priority, int fallbackNice) {
        return new Realtime(policy, priority, fallbackNice);
    }

    /** A short label for reports, e.g. {@code nice -10} or {@code SCHED_RR 10 (else nice -10)}. */
    String describe();

    /** The Linux real-time policies. */
    enum RealtimePolicy {
        FIFO(1), RR(2);

        final int linuxValue;

        RealtimePolicy(int linuxValue) {
            this.linuxValue = linuxValue;
        }
    }

    /** See {@link #unchanged()}. */
    record Unchanged() implements SchedulingPriority {
        @Override
        public String describe() {
            return "unchanged";
        }
    }

    /** See {@link #nice(int)}. */
    record Nice(int nice) implements SchedulingPriority {
        public Nice {
            checkNice(nice);
        }

        @Override
        public String describe() {
            return "nice " + nice;
        }
    }

    /** See {@link #realtime(RealtimePolicy, int, int)}. */
    record Realtime(RealtimePolicy policy, int priority, int fallbackNice) implements SchedulingPriority {
        public Realtime {
            java.util.Objects.requireNonNull(policy, "policy");
            if (priority < 1 || priority > 99) {
                throw new IllegalArgumentException("schedulingPriority: real-time priority must be 1..99, was " + priority);
            }
            checkNice(fallbackNice);
        }

        @Override
        public String describe() {
            return "SCHED_" + policy + " " + priority + " (else nice " + fallbackNice + ")";
        }
    }

    private static void checkNice(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("schedulingPriority: nice must be -20..19, was " + nice);
        }
    }
}
