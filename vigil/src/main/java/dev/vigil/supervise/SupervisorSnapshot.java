package dev.vigil.supervise;

import dev.vigil.config.ProbeSpec;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.config.ProbeRole;
import dev.vigil.process.ExitStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An immutable picture of every service, published by the supervisor's thread after each message
 * it processed. Readers (CLI, API, dashboard, metrics) never block the supervisor.
 *
 * @param takenAt  wall-clock time of the picture
 * @param services in configuration order
 */
public record SupervisorSnapshot(Instant takenAt, List<ServiceView> services) {
    public SupervisorSnapshot {
        services = List.copyOf(services);
    }

    public Optional<ServiceView> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * @param state     the kind of state, with its glyph
     * @param reason    why it is not green ("" when running)
     * @param since     when it entered this kind of state
     * @param restarts  restarts since the daemon began supervising it
     * @param nextRetry when a BACKOFF ends or a FAILED service retries; empty otherwise or never
     * @param lastRestart the last restart the core decided on its own (crash, probe, watchdog)
     * @param recentRestarts its restarts in the last hour and day
     * @param next      what the restart policy will do next, as of this view
     */
    public record ServiceView(String name, StateKind state, String reason, Instant since, List<ProcessView> processes,
                              int restarts, Optional<Instant> nextRetry, List<ProbeView> probes,
                              Optional<RestartView> lastRestart, RecentRestarts recentRestarts, NextAction next) {
        public ServiceView {
            processes = List.copyOf(processes);
            // A FrozenList is already read-only and never changes (the supervisor's per-report path).
            probes = probes instanceof FrozenList<ProbeView> frozen ? frozen : List.copyOf(probes);
        }

        /** A view with no recent restarts and no next action. */
        public ServiceView(String name, StateKind state, String reason, Instant since, List<ProcessView> processes,
                           int restarts, Optional<Instant> nextRetry, List<ProbeView> probes,
                           Optional<RestartView> lastRestart) {
            this(name, state, reason, since, processes, restarts, nextRetry, probes, lastRestart, RecentRestarts.NONE,
                    NextAction.NONE);
        }

        /** "◐ degraded". */
        public String label() {
            return state.glyph() + " " + state.label();
        }
    }

    /**
     * A restart the core decided on its own: DEGRADED may last only milliseconds before it, so this
     * is what tells people afterwards why a service just restarted.
     *
     * @param at     when it was decided (wall clock)
     * @param reason why ("health: timed out after 1s (...), 2/2", "web exited: exit code 1")
     */
    public record RestartView(Instant at, String reason) {}

    /**
     * @param pid          0 when not running
     * @param startedAt    wall clock of the current start, if running
     * @param lastExit     how the previous start ended
     * @param alive        a process exists (starting, up or being stopped)
     * @param notifyStatus the last STATUS= it sent ("" if none)
     * @param exitedAt     when the previous start ended (wall clock)
     * @param notifyChannel its notify channel, for a process that has a notify socket
     */
    public record ProcessView(String name, long pid, long pgid, Optional<Instant> startedAt,
                              Optional<ExitStatus> lastExit, boolean alive, long instance, String notifyStatus,
                              Optional<Instant> exitedAt, Optional<NotifyChannel> notifyChannel) {

        /** A view without a notify channel. */
        public ProcessView(String name, long pid, long pgid, Optional<Instant> startedAt,
                           Optional<ExitStatus> lastExit, boolean alive, long instance, String notifyStatus,
                           Optional<Instant> exitedAt) {
            this(name, pid, pgid, startedAt, lastExit, alive, instance, notifyStatus, exitedAt, Optional.empty());
        }
    }

    /**
     * @param lastResult           the last outcome, described ("200 OK in 3 ms", "connect refused")
     * @param latencyMillis        of the last judged outcome
     * @param running              probing now
     * @param spec                 the probe as configured
     * @param lastOutcome          the last counted outcome itself
     * @param lastAt               when that outcome was judged (wall clock)
     * @param threshold            the count shown as "n/threshold", as the service's reason shows it:
     *                             {@code restart_after} when failures lead to a restart, else {@code failures}
     * @param recent               the last judged rounds (at most 60), oldest first
     */
    public record ProbeView(String name, ProbeRole role, String target, Optional<String> lastResult,
                            Optional<Long> latencyMillis, int consecutiveFailures, int consecutiveSuccesses,
                            boolean failing, boolean running, ProbeSpec spec, Optional<ProbeOutcome> lastOutcome,
                            Optional<Instant> lastAt, int threshold, List<ProbeTick> recent) {
        public ProbeView {
            recent = List.copyOf(recent);
        }

        /** A view without a recent history. */
        public ProbeView(String name, ProbeRole role, String target, Optional<String> lastResult,
                         Optional<Long> latencyMillis, int consecutiveFailures, int consecutiveSuccesses,
                         boolean failing, boolean running, ProbeSpec spec, Optional<ProbeOutcome> lastOutcome,
                         Optional<Instant> lastAt, int threshold) {
            this(name, role, target, lastResult, latencyMillis, consecutiveFailures, consecutiveSuccesses, failing,
                    running, spec, lastOutcome, lastAt, threshold, List.of());
        }
    }
}
