package dev.vigil.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Applies a {@link SchedulingPriority} to the calling thread and says what came of it. Where the
 * request is refused it takes the closest value the rlimits permit, and otherwise leaves the
 * thread as it was: a refused priority never stops the listener or the watchdog from running.
 */
final class PriorityRaiser {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");
    private static final int SCHED_OTHER = 0;

    private PriorityRaiser() {
    }

    /**
     * @param calls the kernel calls; may throw {@link UnsupportedOperationException} (not Linux)
     *              or {@link IllegalCallerException} (native access denied), reported as the reason
     */
    static SchedulingOutcome applyToCurrentThread(SchedulingPriority request, Supplier<SchedulerCalls> calls) {
        String thread = Thread.currentThread().getName();
        SchedulingOutcome outcome;
        try {
            outcome = apply(thread, request, calls);
        } catch (RuntimeException e) {
            // A failed call must cost the report, never the listener or the watchdog thread.
            outcome = new SchedulingOutcome(thread, -1, request.describe(), "unknown", "failed: " + e);
        }
        if (!outcome.reason().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "thread {0}: scheduling {1} requested, {2} obtained: {3}",
                    thread, outcome.requested(), outcome.obtained(), outcome.reason());
        }
        return outcome;
    }

    static SchedulingOutcome apply(String thread, SchedulingPriority request, Supplier<SchedulerCalls> source) {
        SchedulerCalls calls;
        try {
            calls = source.get();
        } catch (UnsupportedOperationException | IllegalCallerException e) {
            String reason = request instanceof SchedulingPriority.Unchanged ? "" : e.getMessage();
            return new SchedulingOutcome(thread, -1, request.describe(), "unknown", reason);
        }
        int tid = calls.currentTid();
        List<String> notes = new ArrayList<>();
        switch (request) {
            case SchedulingPriority.Unchanged unchanged -> { }
            case SchedulingPriority.Nice nice -> raiseNice(calls, tid, nice.nice(), notes);
            case SchedulingPriority.Realtime realtime -> {
                if (!raiseRealtime(calls, tid, realtime, notes)) {
                    raiseNice(calls, tid, realtime.fallbackNice(), notes);
                }
            }
        }
        return new SchedulingOutcome(thread, tid, request.describe(), calls.observe(tid).describe(), String.join("; ", notes));
    }

    private static boolean raiseRealtime(SchedulerCalls calls, int tid, SchedulingPriority.Realtime request, List<String> notes) {
        int policy = request.policy().linuxValue;
        int err = calls.setPolicy(tid, policy, request.priority());
        if (err == 0) {
            return true;
        }
        notes.add("sched_setscheduler(SCHED_" + request.policy() + " " + request.priority() + "): " + errnoName(err));
        if (err == SchedulerCalls.EPERM) {
            // Without CAP_SYS_NICE an unprivileged thread may still use priorities up to RLIMIT_RTPRIO.
            int allowed = (int) Math.min(request.priority(), clampLimit(calls.realtimeLimit(), 99));
            if (allowed >= 1 && calls.setPolicy(tid, policy, allowed) == 0) {
                notes.add("RLIMIT_RTPRIO permits " + allowed);
                return true;
            }
            notes.add("needs CAP_SYS_NICE or RLIMIT_RTPRIO >= " + request.priority());
        }
        notes.add("falling back to nice " + request.fallbackNice());
        return false;
    }

    private static void raiseNice(SchedulerCalls calls, int tid, int nice, List<String> notes) {
        int err = calls.setNice(tid, nice);
        if (err == 0) {
            return;
        }
        notes.add("setpriority(nice " + nice + "): " + errnoName(err));
        if (err != SchedulerCalls.EACCES && err != SchedulerCalls.EPERM) {
            return;
        }
        // RLIMIT_NICE lets an unprivileged thread go down to 20 - limit; take that if it is still a gain.
        int floor = 20 - (int) clampLimit(calls.niceLimit(), 40);
        int best = Math.max(nice, floor);
        SchedulerCalls.Observed now = calls.observe(tid);
        if (now.policy() == SCHED_OTHER && best < now.nice() && calls.setNice(tid, best) == 0) {
            notes.add("RLIMIT_NICE permits nice " + best);
        } else {
            notes.add("needs CAP_SYS_NICE or RLIMIT_NICE >= " + (20 - nice));
        }
    }

    /** An rlimit as a small number; RLIM_INFINITY (all bits set, negative as a long) means {@code max}. */
    private static long clampLimit(long limit, long max) {
        return limit < 0 || limit > max ? max : limit;
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case SchedulerCalls.EPERM -> "EPERM (not permitted)";
            case SchedulerCalls.EACCES -> "EACCES (permission denied)";
            case 3 -> "ESRCH (no such thread)";
            case 22 -> "EINVAL (invalid argument)";
            default -> "errno " + errno;
        };
    }
}
