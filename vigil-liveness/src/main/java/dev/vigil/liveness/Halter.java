package dev.vigil.liveness;

import java.time.Duration;

/** Ends the process for the {@link StallPolicy#HALT} policy; injected so tests can observe it. */
@FunctionalInterface
public interface Halter {
    /** Ends the process with the given status; a real halter does not return. */
    void halt(int status);

    /**
     * {@code Runtime.halt(status)}, preceded by arming a kernel timer that SIGKILLs the process
     * after {@code backstop} in case the halt cannot complete (no safepoint reachable). Without
     * native access the backstop is skipped with a warning.
     */
    static Halter runtime(Duration backstop) {
        return status -> {
            KillTimer.arm(backstop);
            Runtime.getRuntime().halt(status);
        };
    }
}
