package dev.vigil.api;

import java.time.Instant;
import java.util.List;

/** One row of {@code vigil list}. Lists are never null (empty instead). */
@Doc("One service, as vigil list shows it")
public record ServiceSummary(
        @Doc("the service's name") String name,
        @Doc("the current state") ServiceState state,
        @Doc("why the service is in this state, in words; null when running and nothing to say") @Nullable String reason,
        @Doc("when the service entered this state") Instant since,
        @Doc("PIDs of its live processes") List<Long> pids,
        @Doc("milliseconds since the current instance started; null when no process runs") @Nullable Long uptimeMs,
        @Doc("restarts since the daemon started or the last reset") int restarts,
        @Doc("when the next (re)start attempt is due, in backoff or failed; else null") @Nullable Instant nextRetry,
        @Doc("the last STATUS= text the service sent over the notify socket") @Nullable String statusText,
        @Doc("probes whose verdict is failing") List<FailingProbe> failingProbes,
        @Doc("the last restart Vigil decided on its own (crash, probe, watchdog); null if none") @Nullable LastRestart lastRestart,
        @Doc("restarts in the last hour (to the minute), kept across resets") int restartsLastHour,
        @Doc("restarts in the last 24 hours (to the hour), kept across resets") int restartsLastDay,
        @Doc("what the restart policy will do next, in words: 'restart after 1 more failure of health', 'warn only (on_degraded = warn)', 'retry in 4m55s', 'restart budget exhausted', 'no action (stopped)'") String nextAction,
        @Doc("when next_action happens, if it is timed (the 'in 4m55s' of its words); else null") @Nullable Instant nextActionAt) {

    public ServiceSummary {
        pids = List.copyOf(pids);
        failingProbes = List.copyOf(failingProbes);
    }

    /** A summary without recent restart counts and next action. */
    public ServiceSummary(String name, ServiceState state, String reason, Instant since, List<Long> pids, Long uptimeMs,
                          int restarts, Instant nextRetry, String statusText, List<FailingProbe> failingProbes,
                          LastRestart lastRestart) {
        this(name, state, reason, since, pids, uptimeMs, restarts, nextRetry, statusText, failingProbes, lastRestart,
                0, 0, "no action", null);
    }

    /** A summary without a last restart. */
    public ServiceSummary(String name, ServiceState state, String reason, Instant since, List<Long> pids, Long uptimeMs,
                          int restarts, Instant nextRetry, String statusText, List<FailingProbe> failingProbes) {
        this(name, state, reason, since, pids, uptimeMs, restarts, nextRetry, statusText, failingProbes, null);
    }
}
