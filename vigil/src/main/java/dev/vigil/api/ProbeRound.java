package dev.vigil.api;

/** One judged round of one probe of one service, in {@code vigil.probe_rounds}. */
@Doc("One judged round of a service's probe")
public record ProbeRound(
        @Doc("the daemon-wide round number; larger is later") long seq,
        @Doc("the service") String service,
        @Doc("the probe") String probe,
        @Doc("what the round found") ProbeResult result) {
}
