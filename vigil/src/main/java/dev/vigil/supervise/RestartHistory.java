package dev.vigil.supervise;

import dev.vigil.config.RestartPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash-loop intensity window (OTP's MaxR within MaxT): the monotonic times of recent
 * restarts. More than {@code max_restarts} restarts within {@code period} make the service FAILED.
 * Immutable.
 */
record RestartHistory(List<Long> restartNanos) {
    static final RestartHistory EMPTY = new RestartHistory(List.of());

    RestartHistory {
        restartNanos = List.copyOf(restartNanos);
    }

    /** Restarts that happened within {@code period} before {@code now}. */
    int countWithin(RestartPolicy policy, long now) {
        long from = now - policy.period().toNanos();
        int count = 0;
        for (long t : restartNanos) { // a loop: the next action shown asks this on every view rebuilt
            if (t > from) {
                count++;
            }
        }
        return count;
    }

    /** True when one more restart now would exceed the limit. */
    boolean exhausted(RestartPolicy policy, long now) {
        return countWithin(policy, now) + 1 > policy.maxRestarts();
    }

    /** This history with a restart at {@code now}, forgetting what fell out of the window. */
    RestartHistory plus(RestartPolicy policy, long now) {
        long from = now - policy.period().toNanos();
        List<Long> kept = new ArrayList<>();
        for (long t : restartNanos) {
            if (t > from) {
                kept.add(t);
            }
        }
        kept.add(now);
        return new RestartHistory(kept);
    }
}
