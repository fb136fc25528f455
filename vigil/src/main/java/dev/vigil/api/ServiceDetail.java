package dev.vigil.api;

import java.time.Instant;
import java.util.List;

/** Result of {@code vigil.status}: one service in depth. */
@Doc("One service in depth")
public record ServiceDetail(
        @Doc("the service's name") String name,
        @Doc("the current state") ServiceState state,
        @Doc("why the service is in this state, in words") @Nullable String reason,
        @Doc("when it entered this state") Instant since,
        @Doc("restarts since the daemon started or the last reset") int restarts,
        @Doc("when the next (re)start attempt is due") @Nullable Instant nextRetry,
        @Doc("the last STATUS= text from the notify socket") @Nullable String statusText,
        @Doc("its processes, in config order") List<ProcessDetail> processes,
        @Doc("its probes, in config order") List<ProbeDetail> probes,
        @Doc("its most recent events, oldest first") List<EventRecord> recentEvents,
        @Doc("the last restart Vigil decided on its own (crash, probe, watchdog); null if none") @Nullable LastRestart lastRestart,
        @Doc("restarts in the last hour (to the minute), kept across resets") int restartsLastHour,
        @Doc("restarts in the last 24 hours (to the hour), kept across resets") int restartsLastDay,
        @Doc("what the restart policy will do next, in words (as in vigil.list)") String nextAction,
        @Doc("when next_action happens, if it is timed; else null") @Nullable Instant nextActionAt) {

    public ServiceDetail {
        processes = List.copyOf(processes);
        probes = List.copyOf(probes);
        recentEvents = List.copyOf(recentEvents);
    }

    /** A detail without recent restart counts and next action. */
    public ServiceDetail(String name, ServiceState state, String reason, Instant since, int restarts, Instant nextRetry,
                         String statusText, List<ProcessDetail> processes, List<ProbeDetail> probes,
                         List<EventRecord> recentEvents, LastRestart lastRestart) {
        this(name, state, reason, since, restarts, nextRetry, statusText, processes, probes, recentEvents, lastRestart,
                0, 0, "no action", null);
    }

    /** A detail without a last restart. */
    public ServiceDetail(String name, ServiceState state, String reason, Instant since, int restarts, Instant nextRetry,
                         String statusText, List<ProcessDetail> processes, List<ProbeDetail> probes,
                         List<EventRecord> recentEvents) {
        this(name, state, reason, since, restarts, nextRetry, statusText, processes, probes, recentEvents, null);
    }
}
