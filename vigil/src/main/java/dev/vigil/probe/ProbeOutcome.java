package dev.vigil.probe;

import dev.vigil.config.Durations;
import java.time.Duration;

/**
 * The result of running one probe once. "Unhealthy", "wedged" and "could not probe" are kept
 * apart: a timeout is the wedge signal and counts as a failure; {@link Unprobeable} is the
 * operator's problem (bad config, missing binary) and never restarts the service; {@link Unknown}
 * is a round Vigil itself could not judge fairly (its scheduler woke up far too late) and counts
 * neither way.
 */
public sealed interface ProbeOutcome {

    /** Whether this outcome counts as a success, a failure, or neither. */
    enum Verdict { SUCCESS, FAILURE, NEUTRAL }

    Verdict verdict();

    /** One line for people: "200 OK in 3 ms", "empty reply", "timed out after 500 ms". */
    String describe();

    record Healthy(Duration latency, String detail) implements ProbeOutcome {
        @Override
        public Verdict verdict() {
            return Verdict.SUCCESS;
        }

        @Override
        public String describe() {
            return detail.isEmpty() ? "ok in " + Durations.latency(latency) : detail + " in " + Durations.latency(latency);
        }
    }

    record Unhealthy(String reason, Duration latency) implements ProbeOutcome {
        @Override
        public Verdict verdict() {
            return Verdict.FAILURE;
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    record TimedOut(Duration limit) implements ProbeOutcome {
        @Override
        public Verdict verdict() {
            return Verdict.FAILURE;
        }

        @Override
        public String describe() {
            return "timed out after " + Durations.latency(limit);
        }
    }

    /** Our fault, not the service's: reported to the operator, never a restart. */
    record Unprobeable(String problem) implements ProbeOutcome {
        @Override
        public Verdict verdict() {
            return Verdict.NEUTRAL;
        }

        @Override
        public String describe() {
            return "could not probe: " + problem;
        }
    }

    /** Not judged: the daemon itself was late by {@code lateness} (starved or paused). */
    record Unknown(Duration lateness) implements ProbeOutcome {
        @Override
        public Verdict verdict() {
            return Verdict.NEUTRAL;
        }

        @Override
        public String describe() {
            return "not judged: probe ran " + Durations.latency(lateness) + " late";
        }
    }
}
