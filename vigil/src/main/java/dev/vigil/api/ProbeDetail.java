package dev.vigil.api;

import java.time.Instant;
import java.util.List;

/** One probe of a service in {@code vigil.status}. */
@Doc("One probe of a service")
public record ProbeDetail(
        @Doc("the probe's name") String name,
        @Doc("tcp, http, jsonrpc, exec, grpc, or memory (added by restart_on_memory)") String kind,
        @Doc("what it probes, e.g. 'unix:/run/os/ui.sock' or 'http://127.0.0.1:8080/health'") String target,
        @Doc("liveness, readiness or startup") String role,
        @Doc("the process it speaks for, if any") @Nullable String process,
        @Doc("the last counted round; null before the first") @Nullable ProbeResult last,
        @Doc("failures in a row") int consecutiveFailures,
        @Doc("successes in a row") int consecutiveSuccesses,
        @Doc("failures that make the verdict failing") int failureThreshold,
        @Doc("the debounced verdict") boolean failing,
        @Doc("when the next round is due; null while not scheduled") @Nullable Instant nextRun,
        @Doc("its last judged rounds (at most 60), oldest first") List<ProbeResult> recent) {

    public ProbeDetail {
        recent = List.copyOf(recent);
    }

    /** A probe without its recent rounds. */
    public ProbeDetail(String name, String kind, String target, String role, String process, ProbeResult last,
                       int consecutiveFailures, int consecutiveSuccesses, int failureThreshold, boolean failing,
                       Instant nextRun) {
        this(name, kind, target, role, process, last, consecutiveFailures, consecutiveSuccesses, failureThreshold,
                failing, nextRun, List.of());
    }
}
