package dev.vigil.supervise;

import dev.vigil.config.ProbeSpec;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.ExitStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The typed events of the supervisor core. Each becomes one JSON log line and one row of the
 * store unchanged; {@link #type()} names are part of that contract and never change.
 */
public sealed interface SupervisorEvent extends VigilEvent {

    /** A service moved to another kind of state. Emitted on changes of kind only, not of reason. */
    record ServiceStateChanged(String service, StateKind from, StateKind to, String reason) implements SupervisorEvent {
        public String type() { return "service_state_changed"; }
        public String process() { return null; }
        public Severity severity() {
            return to == StateKind.FAILED ? Severity.ERROR : to == StateKind.DEGRADED ? Severity.WARN : Severity.INFO;
        }
        public Map<String, Object> fields() {
            return Fields.of("from", from.label(), "to", to.label(), "reason", reason);
        }
    }

    record ProcessStarted(String service, String process, long pid, long pgid, long instance) implements SupervisorEvent {
        public String type() { return "process_started"; }
        public Severity severity() { return Severity.INFO; }
        public Map<String, Object> fields() {
            return Fields.of("pid", pid, "pgid", pgid, "instance", instance);
        }
    }

    /** The process could not be started at all (missing binary, bad cwd, notify socket). */
    record SpawnFailed(String service, String process, long instance, String reason) implements SupervisorEvent {
        public String type() { return "spawn_failed"; }
        public Severity severity() { return Severity.ERROR; }
        public Map<String, Object> fields() {
            return Fields.of("instance", instance, "reason", reason);
        }
    }

    record ProcessExited(String service, String process, long instance, ExitStatus status, boolean expected)
            implements SupervisorEvent {
        public String type() { return "process_exited"; }
        public Severity severity() { return expected || status.clean() ? Severity.INFO : Severity.WARN; }
        public Map<String, Object> fields() {
            return switch (status) {
                case ExitStatus.Exited e -> Fields.of("instance", instance, "status", "exited", "exit_code", e.code(),
                        "expected", expected);
                case ExitStatus.Signaled s -> Fields.of("instance", instance, "status", "signaled",
                        "signal", s.signal(), "expected", expected);
            };
        }
    }

    /** stop_timeout passed without an exit: the process group gets SIGKILL. */
    record ProcessKilled(String service, String process, long instance, String reason) implements SupervisorEvent {
        public String type() { return "process_killed"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            return Fields.of("instance", instance, "reason", reason);
        }
    }

    /** A restart is due after {@code backoffMs}; {@code process} is null for the whole service. */
    record RestartScheduled(String service, String process, int attempt, long backoffMs, String reason)
            implements SupervisorEvent {
        public String type() { return "restart_scheduled"; }
        public Severity severity() { return Severity.INFO; }
        public Map<String, Object> fields() {
            return Fields.of("attempt", attempt, "backoff_ms", backoffMs, "reason", reason);
        }
    }

    /** The crash-loop limit was hit; {@code nextRetryMs} empty = never (only reset revives it). */
    record ServiceFailed(String service, String reason, int restarts, long periodMs, OptionalLong nextRetryMs)
            implements SupervisorEvent {
        public String type() { return "service_failed"; }
        public String process() { return null; }
        public Severity severity() { return Severity.ERROR; }
        public Map<String, Object> fields() {
            return Fields.of("reason", reason, "restarts", restarts, "period_ms", periodMs,
                    "next_retry", nextRetryMs.isPresent() ? "in " + nextRetryMs.getAsLong() + " ms" : "never",
                    "next_retry_ms", nextRetryMs.isPresent() ? nextRetryMs.getAsLong() : null);
        }
    }

    /** READY=1 or a startup probe did not arrive within start_timeout; {@code process} null = service-wide. */
    record StartTimedOut(String service, String process, String reason) implements SupervisorEvent {
        public String type() { return "start_timed_out"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            return Fields.of("reason", reason);
        }
    }

    /** A probe's debounced verdict turned red. */
    record ProbeFailed(String service, String process, String probe, String kind, String target, String role,
                       String reason, Long latencyMs, int consecutive, int threshold) implements SupervisorEvent {
        public String type() { return "probe_failed"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            return Fields.of("probe", probe, "kind", kind, "target", target, "role", role, "reason", reason,
                    "latency_ms", latencyMs, "consecutive", consecutive, "threshold", threshold);
        }
    }

    /** A probe's debounced verdict turned green again. */
    record ProbeRecovered(String service, String process, String probe, String kind, String target, String role,
                          String reason, Long latencyMs, int consecutive, int threshold) implements SupervisorEvent {
        public String type() { return "probe_recovered"; }
        public Severity severity() { return Severity.INFO; }
        public Map<String, Object> fields() {
            return Fields.of("probe", probe, "kind", kind, "target", target, "role", role, "reason", reason,
                    "latency_ms", latencyMs, "consecutive", consecutive, "threshold", threshold);
        }
    }

    /** A probe could not run at all: the operator's problem, never a restart. */
    record ProbeUnprobeable(String service, String process, String probe, String kind, String target, String problem)
            implements SupervisorEvent {
        public String type() { return "probe_unprobeable"; }
        public Severity severity() { return Severity.ERROR; }
        public Map<String, Object> fields() {
            return Fields.of("probe", probe, "kind", kind, "target", target, "reason", problem);
        }
    }

    /** No WATCHDOG=1 within the interval, or WATCHDOG=trigger. */
    record WatchdogMissed(String service, String process, long intervalMs, String reason) implements SupervisorEvent {
        public String type() { return "watchdog_missed"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            return Fields.of("interval_ms", intervalMs, "reason", reason);
        }
    }

    /** A probe or watchdog restart is due, but the daemon-wide budget is spent: staying DEGRADED. */
    record RestartBudgetExhausted(String service, String process, int budget, long periodMs, String reason)
            implements SupervisorEvent {
        public String type() { return "restart_budget_exhausted"; }
        public Severity severity() { return Severity.ERROR; }
        public Map<String, Object> fields() {
            return Fields.of("budget", budget, "period_ms", periodMs, "reason", reason);
        }
    }

    /** A probe or watchdog failure leads to a restart; {@code process} null = the whole service. */
    record RestartTriggered(String service, String process, String reason) implements SupervisorEvent {
        public String type() { return "restart_triggered"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            return Fields.of("reason", reason);
        }
    }

    /**
     * What was recorded just before a probe- or watchdog-triggered restart: the failing probe's last
     * result and the process's state ({@code facts}: e.g. proc_state, wchan, thread_dump).
     */
    record EvidenceCollected(String service, String process, long pid, String reason, String probe,
                             Long latencyMs, Map<String, Object> facts) implements SupervisorEvent {
        public EvidenceCollected {
            facts = Map.copyOf(facts);
        }
        public String type() { return "evidence_collected"; }
        public Severity severity() { return Severity.WARN; }
        public Map<String, Object> fields() {
            Map<String, Object> fields = Fields.of("pid", pid, "reason", reason, "probe", probe, "latency_ms", latencyMs);
            new java.util.TreeMap<>(facts).forEach(fields::put);
            return fields;
        }
    }

    /** STATUS= from the process. */
    record NotifyStatus(String service, String process, String text) implements SupervisorEvent {
        public String type() { return "notify_status"; }
        public Severity severity() { return Severity.INFO; }
        public Map<String, Object> fields() {
            return Fields.of("text", text);
        }
    }

    /** READY=1, STOPPING=1, RELOADING=1, MAINPID=, ERRNO=, EXTEND_TIMEOUT_USEC=, WATCHDOG_USEC= as received. */
    record NotifyReceived(String service, String process, String key, String value) implements SupervisorEvent {
        public String type() { return "notify_received"; }
        public Severity severity() { return Severity.DEBUG; }
        public Map<String, Object> fields() {
            return Fields.of("key", key, "value", value);
        }
    }

    /** Builders for probe events from a report. */
    static ProbeFailed probeFailed(String service, ProbeSpec spec, ProbeReport r, int threshold) {
        return new ProbeFailed(service, spec.process().orElse(null), spec.name(), spec.target().kind(),
                spec.target().describe(), roleOf(spec), r.outcome().describe(), latencyMs(r.outcome()),
                r.consecutiveFailures(), threshold);
    }

    static ProbeRecovered probeRecovered(String service, ProbeSpec spec, ProbeReport r) {
        return new ProbeRecovered(service, spec.process().orElse(null), spec.name(), spec.target().kind(),
                spec.target().describe(), roleOf(spec), r.outcome().describe(), latencyMs(r.outcome()),
                r.consecutiveSuccesses(), spec.successes());
    }

    static ProbeUnprobeable probeUnprobeable(String service, ProbeSpec spec, ProbeReport r) {
        return new ProbeUnprobeable(service, spec.process().orElse(null), spec.name(), spec.target().kind(),
                spec.target().describe(), r.outcome().describe());
    }

    private static String roleOf(ProbeSpec spec) {
        return spec.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The latency of a judged outcome; null when there is none (not run, not judged). */
    static Long latencyMs(ProbeOutcome outcome) {
        return switch (outcome) {
            case ProbeOutcome.Healthy h -> h.latency().toMillis();
            case ProbeOutcome.Unhealthy u -> u.latency().toMillis();
            case ProbeOutcome.TimedOut t -> t.limit().toMillis();
            case ProbeOutcome.Unprobeable u -> null;
            case ProbeOutcome.Unknown u -> null;
        };
    }

    /** Ordered field maps that leave out null values. */
    final class Fields {
        private Fields() {
        }

        static Map<String, Object> of(Object... keysAndValues) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (keysAndValues[i + 1] != null) {
                    fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
                }
            }
            return fields;
        }
    }
}
