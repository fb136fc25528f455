package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.probe_now}. */
@Doc("The rounds a probe-now ran")
public record ProbeNowResult(
        @Doc("the service") String name,
        @Doc("each probe's round, in config order") List<ProbeRound> rounds,
        @Doc("asked probes that are not running (the service or its process is not up, or a startup probe has passed)") List<String> notRunning,
        @Doc("probes whose round had not been judged when the wait ended") List<String> noAnswer) {

    public ProbeNowResult {
        rounds = List.copyOf(rounds);
        notRunning = List.copyOf(notRunning);
        noAnswer = List.copyOf(noAnswer);
    }
}
