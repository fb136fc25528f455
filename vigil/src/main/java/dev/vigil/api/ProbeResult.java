package dev.vigil.api;

import java.time.Instant;

/** One judged round of a probe. */
@Doc("One judged round of a probe")
public record ProbeResult(
        @Doc("healthy, unhealthy, timed_out, unprobeable or unknown (a round run too late to count)") String outcome,
        @Doc("why, in words; null when healthy (a memory probe's healthy reading is given)") @Nullable String reason,
        @Doc("how long the round took, in milliseconds") @Nullable Long latencyMs,
        @Doc("when the round finished") Instant at) {
}
