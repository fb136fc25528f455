package dev.vigil.liveness;

/**
 * What one library thread asked the kernel for and what it got, as {@code /health} reports it.
 *
 * @param thread    the thread's name
 * @param tid       its kernel thread id, or -1 if it could not be learnt
 * @param requested the request, e.g. {@code nice -10}
 * @param obtained  what the kernel reports afterwards, e.g. {@code nice 0} or {@code SCHED_RR 10}
 * @param reason    why the request was not (fully) met, or "" if it was
 */
record SchedulingOutcome(String thread, int tid, String requested, String obtained, String reason) {
}
