package dev.vigil.supervise;

import dev.vigil.probe.ProbeOutcome;
import java.time.Instant;

/**
 * One judged round of a probe, as kept in its recent history.
 *
 * @param seq     daemon-wide number of the round, increasing in the order the supervisor took the
 *                reports in: a reader that remembers the last one it saw gets exactly the later ones
 * @param at      when the round was judged (wall clock)
 * @param outcome what it found
 */
public record ProbeTick(long seq, Instant at, ProbeOutcome outcome) {
}
