package dev.vigil.supervise;

import static dev.vigil.supervise.RowExpectations.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.ExitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per (state, event) pair, nops included: the table of docs/STATES.md, executed.
 *
 * <p>The service: one process "web" with a 10s watchdog, a liveness probe "alive" on it (failures
 * 3), restart always, at most 3 restarts within 60s, on_degraded restart after 5 failures.
 * Expectations: "nop" = same state, same context, no effects; "+Effect" or "+Schedule:Key" = that
 * effect is among the effects; "!Event" = that event is emitted; "=spec" = the new spec is in
 * force; "then:Start" = stopping, then starting; "pending" = the new spec waits for the stop.
 */
class TransitionTableTest {

    static ServiceSpec spec() {
        return Specs.service("web")
                .process(Specs.withWatchdog(Specs.process("web"), Duration.ofSeconds(10)))
                .probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("web"), 3))
                .policy(Specs.policy(RestartMode.ALWAYS, 3))
                .onDegraded(DegradedAction.RESTART, 5)
                .build();
    }

    static final ServiceSpec CHANGED = Specs.service("web")
            .process(Specs.withWatchdog(Specs.process("web"), Duration.ofSeconds(10)))
            .probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("web"), 3))
            .policy(Specs.policy(RestartMode.ALWAYS, 3))
            .onDegraded(DegradedAction.RESTART, 4)
            .build();

    static final Map<String, Supplier<CoreHarness>> STATES = new java.util.LinkedHashMap<>();
    static final Map<String, Function<CoreHarness, Event>> EVENTS = new java.util.LinkedHashMap<>();

    static {
        STATES.put("STOPPED", () -> new CoreHarness(spec()));
        STATES.put("STARTING", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.start();
            return h;
        });
        STATES.put("RUNNING", () -> new CoreHarness(spec()).running());
        STATES.put("DEGRADED", () -> {
            CoreHarness h = new CoreHarness(spec()).running();
            h.probeFails("alive", 3);
            return h;
        });
        STATES.put("BACKOFF", () -> {
            CoreHarness h = new CoreHarness(spec()).running();
            h.exit("web", 1);
            return h;
        });
        STATES.put("FAILED", () -> new CoreHarness(spec()).running().crashUntilFailed("web"));
        STATES.put("STOPPING_SWEPT", () -> {
            CoreHarness h = new CoreHarness(spec()).running();
            h.apply(new Event.Stop());
            h.apply(new Event.ProcessExited("web", h.instance("web"), new ExitStatus.Signaled(15)));
            return h;
        });
        STATES.put("STOPPING", () -> {
            CoreHarness h = new CoreHarness(spec()).running();
            h.apply(new Event.Stop());
            return h;
        });

        EVENTS.put("Start", h -> new Event.Start());
        EVENTS.put("Stop", h -> new Event.Stop());
        EVENTS.put("Restart", h -> new Event.Restart());
        EVENTS.put("Reset", h -> new Event.Reset());
        EVENTS.put("Replace", h -> new Event.Replace(CHANGED));
        EVENTS.put("ProcessStarted", h -> new Event.ProcessStarted("web", h.instance("web"), 999, 999));
        EVENTS.put("SpawnFailed", h -> new Event.SpawnFailed("web", h.instance("web"), "no such file"));
        EVENTS.put("ProcessExited", h -> new Event.ProcessExited("web", h.instance("web"), new ExitStatus.Exited(1)));
        EVENTS.put("Swept", h -> new Event.Swept("web", h.instance("web")));
        EVENTS.put("BackoffEnd", h -> new Event.TimerFired(new TimerKey.BackoffEnd()));
        EVENTS.put("FailedRetry", h -> new Event.TimerFired(new TimerKey.FailedRetry()));
        EVENTS.put("ProcessRestart", h -> new Event.TimerFired(new TimerKey.ProcessRestart("web")));
        EVENTS.put("StartDeadline", h -> new Event.TimerFired(new TimerKey.StartDeadline("web", h.instance("web"))));
        EVENTS.put("ServiceStartDeadline", h -> new Event.TimerFired(new TimerKey.ServiceStartDeadline(h.ctx.serviceInstance())));
        EVENTS.put("StopDeadline", h -> new Event.TimerFired(new TimerKey.StopDeadline("web", h.instance("web"))));
        EVENTS.put("Watchdog", h -> new Event.TimerFired(new TimerKey.Watchdog("web", h.instance("web"))));
        EVENTS.put("Probe", h -> new Event.Probe(new ProbeReport("web", "alive", ProbeRole.LIVENESS, Optional.of("web"),
                Math.max(h.ctx.probes().get("alive").instance(), h.instance("web")),
                new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(3)), 5, 0, true, false)));
        EVENTS.put("Notify", h -> new Event.Notify("web", h.instance("web"),
                new NotifyDatagram("web", "web", 1, 0, List.of(new NotifyMessage.WatchdogPing()))));
        EVENTS.put("DependencyChanged", h -> new Event.DependencyChanged());
        EVENTS.put("DependencyDeadline", h -> new Event.TimerFired(new TimerKey.DependencyDeadline()));
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        // state, event, next state kind, expectations
        row(rows, "STOPPED", "Start", "STARTING", "+Spawn !ServiceStateChanged");
        row(rows, "STOPPED", "Stop", "STOPPED", "nop");
        row(rows, "STOPPED", "Restart", "STARTING", "+Spawn");
        row(rows, "STOPPED", "Reset", "STOPPED", "nop");
        row(rows, "STOPPED", "Replace", "STOPPED", "=spec");
        row(rows, "STOPPED", "ProcessStarted", "STOPPED", "nop");
        row(rows, "STOPPED", "SpawnFailed", "STOPPED", "nop");
        row(rows, "STOPPED", "ProcessExited", "STOPPED", "nop");
        row(rows, "STOPPED", "Swept", "STOPPED", "nop");
        row(rows, "STOPPED", "BackoffEnd", "STOPPED", "nop");
        row(rows, "STOPPED", "FailedRetry", "STOPPED", "nop");
        row(rows, "STOPPED", "ProcessRestart", "STOPPED", "nop");
        row(rows, "STOPPED", "StartDeadline", "STOPPED", "nop");
        row(rows, "STOPPED", "ServiceStartDeadline", "STOPPED", "nop");
        row(rows, "STOPPED", "StopDeadline", "STOPPED", "nop");
        row(rows, "STOPPED", "Watchdog", "STOPPED", "nop");
        row(rows, "STOPPED", "Probe", "STOPPED", "nop");
        row(rows, "STOPPED", "Notify", "STOPPED", "nop");
        row(rows, "STOPPED", "DependencyChanged", "STOPPED", "nop");
        row(rows, "STOPPED", "DependencyDeadline", "STOPPED", "nop");

        row(rows, "STARTING", "Start", "STARTING", "nop");
        row(rows, "STARTING", "Stop", "STOPPING", "!ServiceStateChanged");
        row(rows, "STARTING", "Restart", "STOPPING", "then:Start");
        row(rows, "STARTING", "Reset", "STARTING", "nop");
        row(rows, "STARTING", "Replace", "STOPPING", "pending");
        row(rows, "STARTING", "ProcessStarted", "RUNNING", "!ProcessStarted +StartProbes +Schedule:Watchdog");
        row(rows, "STARTING", "SpawnFailed", "BACKOFF", "!SpawnFailed !RestartScheduled +Schedule:BackoffEnd");
        row(rows, "STARTING", "ProcessExited", "BACKOFF", "!ProcessExited +Schedule:BackoffEnd");
        row(rows, "STARTING", "Swept", "STARTING", "nop");
        row(rows, "STARTING", "BackoffEnd", "STARTING", "nop");
        row(rows, "STARTING", "FailedRetry", "STARTING", "nop");
        row(rows, "STARTING", "ProcessRestart", "STARTING", "nop");
        row(rows, "STARTING", "StartDeadline", "STARTING", "nop");
        row(rows, "STARTING", "ServiceStartDeadline", "STARTING", "nop");
        row(rows, "STARTING", "StopDeadline", "STARTING", "nop");
        row(rows, "STARTING", "Watchdog", "STARTING", "nop");
        row(rows, "STARTING", "Probe", "STARTING", "nop");
        row(rows, "STARTING", "Notify", "STARTING", "nop");
        row(rows, "STARTING", "DependencyChanged", "STARTING", "nop");
        row(rows, "STARTING", "DependencyDeadline", "STARTING", "nop");

        row(rows, "RUNNING", "Start", "RUNNING", "nop");
        row(rows, "RUNNING", "Stop", "STOPPING", "+SignalGroup +Schedule:StopDeadline +StopProbes");
        row(rows, "RUNNING", "Restart", "STOPPING", "+SignalGroup then:Start");
        row(rows, "RUNNING", "Reset", "RUNNING", "nop");
        row(rows, "RUNNING", "Replace", "STOPPING", "+SignalGroup pending");
        row(rows, "RUNNING", "ProcessStarted", "RUNNING", "nop");
        row(rows, "RUNNING", "SpawnFailed", "RUNNING", "nop");
        row(rows, "RUNNING", "ProcessExited", "BACKOFF", "!ProcessExited !RestartScheduled +KillAll +Schedule:BackoffEnd");
        row(rows, "RUNNING", "Swept", "RUNNING", "nop");
        row(rows, "RUNNING", "BackoffEnd", "RUNNING", "nop");
        row(rows, "RUNNING", "FailedRetry", "RUNNING", "nop");
        row(rows, "RUNNING", "ProcessRestart", "RUNNING", "nop");
        row(rows, "RUNNING", "StartDeadline", "RUNNING", "nop");
        row(rows, "RUNNING", "ServiceStartDeadline", "RUNNING", "nop");
        row(rows, "RUNNING", "StopDeadline", "RUNNING", "nop");
        row(rows, "RUNNING", "Watchdog", "DEGRADED", "!WatchdogMissed +CollectEvidence +SignalGroup");
        row(rows, "RUNNING", "Probe", "DEGRADED", "!ProbeFailed !RestartTriggered +CollectEvidence +SignalGroup");
        row(rows, "RUNNING", "Notify", "RUNNING", "+Schedule:Watchdog");
        row(rows, "RUNNING", "DependencyChanged", "RUNNING", "nop");
        row(rows, "RUNNING", "DependencyDeadline", "RUNNING", "nop");

        row(rows, "DEGRADED", "Start", "DEGRADED", "nop");
        row(rows, "DEGRADED", "Stop", "STOPPING", "+SignalGroup");
        row(rows, "DEGRADED", "Restart", "STOPPING", "+SignalGroup then:Start");
        row(rows, "DEGRADED", "Reset", "DEGRADED", "nop");
        row(rows, "DEGRADED", "Replace", "STOPPING", "pending");
        row(rows, "DEGRADED", "ProcessStarted", "DEGRADED", "nop");
        row(rows, "DEGRADED", "SpawnFailed", "DEGRADED", "nop");
        row(rows, "DEGRADED", "ProcessExited", "BACKOFF", "+KillAll +Schedule:BackoffEnd");
        row(rows, "DEGRADED", "Swept", "DEGRADED", "nop");
        row(rows, "DEGRADED", "BackoffEnd", "DEGRADED", "nop");
        row(rows, "DEGRADED", "FailedRetry", "DEGRADED", "nop");
        row(rows, "DEGRADED", "ProcessRestart", "DEGRADED", "nop");
        row(rows, "DEGRADED", "StartDeadline", "DEGRADED", "nop");
        row(rows, "DEGRADED", "ServiceStartDeadline", "DEGRADED", "nop");
        row(rows, "DEGRADED", "StopDeadline", "DEGRADED", "nop");
        row(rows, "DEGRADED", "Watchdog", "DEGRADED", "!WatchdogMissed +CollectEvidence");
        row(rows, "DEGRADED", "Probe", "DEGRADED", "+CollectEvidence +SignalGroup");
        row(rows, "DEGRADED", "Notify", "DEGRADED", "+Schedule:Watchdog");
        row(rows, "DEGRADED", "DependencyChanged", "DEGRADED", "nop");
        row(rows, "DEGRADED", "DependencyDeadline", "DEGRADED", "nop");

        row(rows, "BACKOFF", "Start", "STARTING", "+Cancel:BackoffEnd +Spawn");
        row(rows, "BACKOFF", "Stop", "STOPPED", "+Cancel:BackoffEnd");
        row(rows, "BACKOFF", "Restart", "STARTING", "+Spawn");
        row(rows, "BACKOFF", "Reset", "STARTING", "+Spawn");
        row(rows, "BACKOFF", "Replace", "STARTING", "+Spawn =spec");
        row(rows, "BACKOFF", "ProcessStarted", "BACKOFF", "nop");
        row(rows, "BACKOFF", "SpawnFailed", "BACKOFF", "nop");
        row(rows, "BACKOFF", "ProcessExited", "BACKOFF", "nop");
        row(rows, "BACKOFF", "Swept", "BACKOFF", "nop");
        row(rows, "BACKOFF", "BackoffEnd", "STARTING", "+Spawn");
        row(rows, "BACKOFF", "FailedRetry", "BACKOFF", "nop");
        row(rows, "BACKOFF", "ProcessRestart", "BACKOFF", "nop");
        row(rows, "BACKOFF", "StartDeadline", "BACKOFF", "nop");
        row(rows, "BACKOFF", "ServiceStartDeadline", "BACKOFF", "nop");
        row(rows, "BACKOFF", "StopDeadline", "BACKOFF", "nop");
        row(rows, "BACKOFF", "Watchdog", "BACKOFF", "nop");
        row(rows, "BACKOFF", "Probe", "BACKOFF", "nop");
        row(rows, "BACKOFF", "Notify", "BACKOFF", "nop");
        row(rows, "BACKOFF", "DependencyChanged", "BACKOFF", "nop");
        row(rows, "BACKOFF", "DependencyDeadline", "BACKOFF", "nop");

        row(rows, "FAILED", "Start", "STARTING", "+Cancel:FailedRetry +Spawn");
        row(rows, "FAILED", "Stop", "STOPPED", "+Cancel:FailedRetry");
        row(rows, "FAILED", "Restart", "STARTING", "+Spawn");
        row(rows, "FAILED", "Reset", "STARTING", "+Cancel:FailedRetry +Spawn");
        row(rows, "FAILED", "Replace", "STARTING", "+Spawn =spec");
        row(rows, "FAILED", "ProcessStarted", "FAILED", "nop");
        row(rows, "FAILED", "SpawnFailed", "FAILED", "nop");
        row(rows, "FAILED", "ProcessExited", "FAILED", "nop");
        row(rows, "FAILED", "Swept", "FAILED", "nop");
        row(rows, "FAILED", "BackoffEnd", "FAILED", "nop");
        row(rows, "FAILED", "FailedRetry", "STARTING", "+Spawn");
        row(rows, "FAILED", "ProcessRestart", "FAILED", "nop");
        row(rows, "FAILED", "StartDeadline", "FAILED", "nop");
        row(rows, "FAILED", "ServiceStartDeadline", "FAILED", "nop");
        row(rows, "FAILED", "StopDeadline", "FAILED", "nop");
        row(rows, "FAILED", "Watchdog", "FAILED", "nop");
        row(rows, "FAILED", "Probe", "FAILED", "nop");
        row(rows, "FAILED", "Notify", "FAILED", "nop");
        row(rows, "FAILED", "DependencyChanged", "FAILED", "nop");
        row(rows, "FAILED", "DependencyDeadline", "FAILED", "nop");

        row(rows, "STOPPING", "Start", "STOPPING", "then:Start");
        row(rows, "STOPPING", "Stop", "STOPPING", "nop");
        row(rows, "STOPPING", "Restart", "STOPPING", "then:Start");
        row(rows, "STOPPING", "Reset", "STOPPING", "nop");
        row(rows, "STOPPING", "Replace", "STOPPING", "pending");
        row(rows, "STOPPING", "ProcessStarted", "STOPPING", "nop");
        row(rows, "STOPPING", "SpawnFailed", "STOPPING", "nop");
        row(rows, "STOPPING", "ProcessExited", "STOPPING", "!ProcessExited +KillAll +Cancel:StopDeadline");
        row(rows, "STOPPING", "Swept", "STOPPING", "nop"); // the process has not exited yet
        row(rows, "STOPPING", "BackoffEnd", "STOPPING", "nop");
        row(rows, "STOPPING", "FailedRetry", "STOPPING", "nop");
        row(rows, "STOPPING", "ProcessRestart", "STOPPING", "nop");
        row(rows, "STOPPING", "StartDeadline", "STOPPING", "nop");
        row(rows, "STOPPING", "ServiceStartDeadline", "STOPPING", "nop");
        row(rows, "STOPPING", "StopDeadline", "STOPPING", "+KillAll !ProcessKilled");
        row(rows, "STOPPING", "Watchdog", "STOPPING", "nop");
        row(rows, "STOPPING", "Probe", "STOPPING", "nop");
        row(rows, "STOPPING", "Notify", "STOPPING", "nop");
        row(rows, "STOPPING", "DependencyChanged", "STOPPING", "nop");
        row(rows, "STOPPING", "DependencyDeadline", "STOPPING", "nop");
        // The leader exited while stopping: the stop is done only once its sweep has finished.
        row(rows, "STOPPING_SWEPT", "Swept", "STOPPED", "!ServiceStateChanged");
        row(rows, "STOPPING_SWEPT", "ProcessExited", "STOPPING", "nop");
        row(rows, "STOPPING_SWEPT", "StopDeadline", "STOPPING", "nop");
        row(rows, "STOPPING_SWEPT", "Start", "STOPPING", "then:Start");
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @MethodSource("table")
    void decides(String stateName, String eventName, String next, String expect) {
        CoreHarness h = STATES.get(stateName).get();
        assertThat(h.kind().name()).as("fixture state").isEqualTo(stateName.replace("_SWEPT", ""));
        ServiceState before = h.state;
        ServiceContext contextBefore = h.ctx;
        Decision d = h.apply(EVENTS.get(eventName).apply(h));

        assertThat(d.state().kind().name()).as("next state").isEqualTo(next);
        RowExpectations.check(h, d, before, contextBefore, expect, token -> {
            switch (token) {
                case "=spec" -> assertThat(d.context().spec()).isEqualTo(CHANGED);
                case "then:Start" -> assertThat(((ServiceState.Stopping) d.state()).then()).isInstanceOf(ServiceState.Then.Start.class);
                case "pending" -> assertThat(d.context().pendingSpec()).contains(CHANGED);
                default -> {
                    return false;
                }
            }
            return true;
        });
    }
}
