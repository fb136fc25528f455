package dev.vigil.liveness;

/**
 * The kernel calls that change one thread's scheduling, as a seam: {@link LinuxScheduler} makes
 * them through FFM, tests script them. Each setter returns 0 or the errno it failed with.
 */
interface SchedulerCalls {
    int EPERM = 1;
    int EACCES = 13;

    /** The calling thread's kernel id (tid). */
    int currentTid();

    /** {@code setpriority(PRIO_PROCESS, tid, nice)}: 0, or errno. */
    int setNice(int tid, int nice);

    /** {@code sched_setscheduler(tid, policy | SCHED_RESET_ON_FORK, {priority})}: 0, or errno. */
    int setPolicy(int tid, int policy, int priority);

    /** {@code RLIMIT_NICE}'s soft limit: the thread may lower its nice down to {@code 20 - limit}. */
    long niceLimit();

    /** {@code RLIMIT_RTPRIO}'s soft limit: the highest real-time priority allowed without privilege. */
    long realtimeLimit();

    /** What the thread has now, read back from the kernel. */
    Observed observe(int tid);

    /** A thread's scheduling as the kernel reports it: policy 0 is SCHED_OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE. */
    record Observed(int policy, int realtimePriority, int nice) {
        String describe() {
            return switch (policy) {
                case 1 -> "SCHED_FIFO " + realtimePriority;
                case 2 -> "SCHED_RR " + realtimePriority;
                case 0 -> "nice " + nice;
                default -> "policy " + policy + ", nice " + nice;
            };
        }
    }
}
