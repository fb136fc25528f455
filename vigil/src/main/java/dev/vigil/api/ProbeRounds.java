package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.probe_rounds}. */
@Doc("Probe rounds, oldest first, and where to continue from")
public record ProbeRounds(
        @Doc("pass this as 'after' next time to get only later rounds") long cursor,
        @Doc("the rounds, oldest first") List<ProbeRound> rounds) {

    public ProbeRounds {
        rounds = List.copyOf(rounds);
    }
}
