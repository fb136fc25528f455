package dev.vigil.probe;

/**
 * Debounces raw results into a verdict, like kubelet's worker: {@code failures} consecutive
 * failures turn the verdict to failing, {@code successes} consecutive successes turn it back.
 * Neutral outcomes (unprobeable, unknown) leave every count as it is: they are neither evidence of
 * health nor of sickness. Starts not failing with both counts at zero.
 *
 * <p>Pure and not thread-safe; its owner serialises the calls.
 */
final class ProbeCounter {

    private final int failureThreshold;
    private final int successThreshold;
    private int consecutiveFailures;
    private int consecutiveSuccesses;
    private boolean failing;

    ProbeCounter(int failureThreshold, int successThreshold) {
        if (failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1, were failures=" + failureThreshold
                    + " successes=" + successThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
    }

    /** Counts one round; returns true when the verdict ({@link #failing()}) flipped with it. */
    boolean count(ProbeOutcome.Verdict verdict) {
        boolean before = failing;
        switch (verdict) {
            case SUCCESS -> {
                consecutiveFailures = 0;
                consecutiveSuccesses = saturatingIncrement(consecutiveSuccesses);
                if (failing && consecutiveSuccesses >= successThreshold) {
                    failing = false;
                }
            }
            case FAILURE -> {
                consecutiveSuccesses = 0;
                consecutiveFailures = saturatingIncrement(consecutiveFailures);
                if (!failing && consecutiveFailures >= failureThreshold) {
                    failing = true;
                }
            }
            case NEUTRAL -> {
                // Counts stay: a round nobody could judge must not break or extend a streak.
            }
        }
        return failing != before;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    int consecutiveSuccesses() {
        return consecutiveSuccesses;
    }

    boolean failing() {
        return failing;
    }

    private static int saturatingIncrement(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }
}
