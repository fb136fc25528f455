package dev.vigil.probe;

import dev.vigil.config.ProbeRole;
import java.util.Optional;

/**
 * What the probe side tells the supervisor core after every counted round of one probe: the raw
 * outcome and the debounced counters. The core decides what the counts mean for the service
 * (degraded at {@code failures}, act at {@code restart_after}); the probe side only counts.
 *
 * @param service              the service
 * @param probe                the probe's name
 * @param role                 its role
 * @param process              the process it speaks for, if any
 * @param instance             which start of the service this round belongs to (the core's
 *                             instance number); a report for an older instance is stale and ignored
 * @param outcome              this round's outcome
 * @param consecutiveFailures  failures in a row, including this one (0 after a success)
 * @param consecutiveSuccesses successes in a row, including this one (0 after a failure)
 * @param failing              the debounced verdict: true once failures reached the probe's
 *                             threshold, false again once successes reached theirs
 * @param verdictChanged       true when {@code failing} flipped with this round
 */
public record ProbeReport(
        String service,
        String probe,
        ProbeRole role,
        Optional<String> process,
        long instance,
        ProbeOutcome outcome,
        int consecutiveFailures,
        int consecutiveSuccesses,
        boolean failing,
        boolean verdictChanged) {

    /**
     * False for a failure the counters did not count: a liveness probe's failure before the first
     * success of its instance, within its start window (see docs/PROBES.md).
     */
    public boolean counted() {
        return outcome.verdict() != ProbeOutcome.Verdict.FAILURE || consecutiveFailures > 0;
    }
}
