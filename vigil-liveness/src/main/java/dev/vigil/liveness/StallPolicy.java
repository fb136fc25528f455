package dev.vigil.liveness;

/** What the watchdog does, beyond turning liveness red, when a heartbeat stalls or threads deadlock. */
public enum StallPolicy {
    /** Log the stall and the stalled thread's stack; /livez turns 503. The default. */
    REPORT,
    /**
     * As {@link #REPORT}, then {@code Runtime.halt(70)} so that a supervisor restarts the process.
     * A kernel timer SIGKILLs the process if the halt has not completed within a few seconds
     * (a JVM that cannot reach a safepoint cannot halt itself).
     */
    HALT;

    /** The exit status used by {@link #HALT}: EX_SOFTWARE from sysexits.h. */
    public static final int HALT_STATUS = 70;
}
