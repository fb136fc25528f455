package dev.vigil.metrics;

import dev.vigil.probe.ProbeOutcome;
import java.util.Locale;

/** The {@code result} label of the probe round counter: what one counted round came to. */
public enum ProbeResult {
    SUCCESS,
    /** Unhealthy or timed out. */
    FAILURE,
    /** Not judged: the daemon itself ran the round too late. */
    UNKNOWN,
    /** Could not run at all (bad config, missing binary): the operator's problem. */
    UNPROBEABLE;

    public static ProbeResult of(ProbeOutcome outcome) {
        return switch (outcome) {
            case ProbeOutcome.Healthy h -> SUCCESS;
            case ProbeOutcome.Unhealthy u -> FAILURE;
            case ProbeOutcome.TimedOut t -> FAILURE;
            case ProbeOutcome.Unknown u -> UNKNOWN;
            case ProbeOutcome.Unprobeable u -> UNPROBEABLE;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
