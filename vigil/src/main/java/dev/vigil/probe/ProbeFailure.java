package dev.vigil.probe;

import java.time.Duration;

/**
 * A probe step ended the run early: the service is unhealthy (with the reason people read, e.g.
 * "connection reset"), or the deadline passed. Carries no stack trace: it is an expected result,
 * not a bug, and probes run a thousand times a second.
 */
final class ProbeFailure extends Exception {

    private final boolean timedOut;

    private ProbeFailure(String reason, boolean timedOut) {
        super(reason, null, false, false);
        this.timedOut = timedOut;
    }

    static ProbeFailure unhealthy(String reason) {
        return new ProbeFailure(reason, false);
    }

    static ProbeFailure timedOut() {
        return new ProbeFailure("timed out", true);
    }

    /** The outcome this failure stands for. */
    ProbeOutcome toOutcome(Duration timeout, Duration latency) {
        return timedOut ? new ProbeOutcome.TimedOut(timeout) : new ProbeOutcome.Unhealthy(getMessage(), latency);
    }
}
