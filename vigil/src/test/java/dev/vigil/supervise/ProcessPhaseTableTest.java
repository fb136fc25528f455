package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.process.ExitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * One row per (process phase, event) pair, nops included: what happens to one process, "web", in
 * each {@link ProcessSlot.Phase}. The companion of {@link TransitionTableTest}, which is per service.
 *
 * <p>The service "os": "web" is a notify process (start_timeout 5s, watchdog 10s, stop_timeout
 * 10s), "side" a simple one that keeps the service up while web restarts on its own; restart
 * always, at most 3 restarts within 60s, on_degraded restart. Expectations: the phase web is in
 * afterwards ("Up/closed", "Up/open" for the gate), then "nop" = same state, same context, no
 * effects; "none" = something changed but no effect; "+Effect" or "+Schedule:Key" = that effect
 * is among the effects; "!Event" = that event is emitted.
 */
class ProcessPhaseTableTest {

    static ServiceSpec spec() {
        return Specs.service("os")
                .process(Specs.notifyProcess("web", Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(10))))
                .process(Specs.process("side"))
                .policy(Specs.policy(RestartMode.ALWAYS, 3))
                .onDegraded(DegradedAction.RESTART, 1)
                .build();
    }

    static final Map<String, Supplier<CoreHarness>> PHASES = new LinkedHashMap<>();
    static final Map<String, Function<CoreHarness, Event>> EVENTS = new LinkedHashMap<>();

    static {
        PHASES.put("Down", () -> new CoreHarness(spec()));
        PHASES.put("Spawning", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.start();
            return h;
        });
        PHASES.put("SpawningToStop", () -> {
            CoreHarness h = PHASES.get("Spawning").get();
            h.apply(new Event.Stop());
            return h;
        });
        PHASES.put("Up/closed", () -> {
            CoreHarness h = PHASES.get("Spawning").get();
            h.started("web");
            return h;
        });
        PHASES.put("Up/open", () -> {
            CoreHarness h = new CoreHarness(spec()).running();
            h.notify("web", new NotifyMessage.Ready());
            return h;
        });
        PHASES.put("Stopping", () -> {
            CoreHarness h = PHASES.get("Up/open").get();
            h.apply(new Event.Stop());
            return h;
        });
        PHASES.put("Killed", () -> {
            CoreHarness h = PHASES.get("Stopping").get();
            h.fireScheduled(TimerKey.StopDeadline.class);
            return h;
        });
        PHASES.put("Sweeping", () -> {
            CoreHarness h = PHASES.get("Stopping").get();
            h.apply(new Event.ProcessExited("web", h.instance("web"), new ExitStatus.Signaled(15)));
            return h;
        });
        PHASES.put("Waiting", () -> {
            CoreHarness h = PHASES.get("Up/open").get();
            h.exit("web", 1);
            return h;
        });

        EVENTS.put("ProcessStarted", h -> new Event.ProcessStarted("web", h.instance("web"), 999, 999));
        EVENTS.put("SpawnFailed", h -> new Event.SpawnFailed("web", h.instance("web"), "no such file"));
        EVENTS.put("ProcessExited", h -> new Event.ProcessExited("web", h.instance("web"), new ExitStatus.Exited(1)));
        EVENTS.put("Swept", h -> new Event.Swept("web", h.instance("web")));
        EVENTS.put("StartDeadline", h -> new Event.TimerFired(new TimerKey.StartDeadline("web", h.instance("web"))));
        EVENTS.put("StopDeadline", h -> new Event.TimerFired(new TimerKey.StopDeadline("web", h.instance("web"))));
        EVENTS.put("Watchdog", h -> new Event.TimerFired(new TimerKey.Watchdog("web", h.instance("web"))));
        EVENTS.put("ProcessRestart", h -> new Event.TimerFired(new TimerKey.ProcessRestart("web")));
        EVENTS.put("Ready", h -> notify(h, new NotifyMessage.Ready()));
        EVENTS.put("Ping", h -> notify(h, new NotifyMessage.WatchdogPing()));
    }

    private static Event notify(CoreHarness h, NotifyMessage message) {
        return new Event.Notify("web", h.instance("web"), new NotifyDatagram("os", "web", 1, 0, List.of(message)));
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        // phase, event, next phase, expectations
        for (String event : EVENTS.keySet()) {
            row(rows, "Down", event, "Down", "nop"); // the service is stopped: nothing of web exists
        }

        row(rows, "Spawning", "ProcessStarted", "Up/closed", "!ProcessStarted +Schedule:Watchdog +Schedule:StartDeadline");
        row(rows, "Spawning", "SpawnFailed", "Waiting", "!SpawnFailed !RestartScheduled +Schedule:ProcessRestart");
        row(rows, "Spawning", "ProcessExited", "Waiting", "!ProcessExited +Schedule:ProcessRestart");
        row(rows, "Spawning", "Swept", "Spawning", "nop");
        row(rows, "Spawning", "StartDeadline", "Spawning", "nop");
        row(rows, "Spawning", "StopDeadline", "Spawning", "nop");
        row(rows, "Spawning", "Watchdog", "Spawning", "nop");
        row(rows, "Spawning", "ProcessRestart", "Spawning", "nop");
        row(rows, "Spawning", "Ready", "Spawning", "nop"); // no pid yet: nothing to attribute it to
        row(rows, "Spawning", "Ping", "Spawning", "nop");

        row(rows, "SpawningToStop", "ProcessStarted", "Stopping", "!ProcessStarted +SignalGroup +ContinueGroup +Schedule:StopDeadline");
        row(rows, "SpawningToStop", "SpawnFailed", "Down", "!SpawnFailed");
        row(rows, "SpawningToStop", "ProcessExited", "Down", "!ProcessExited");
        row(rows, "SpawningToStop", "Swept", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "StartDeadline", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "StopDeadline", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "Watchdog", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "ProcessRestart", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "Ready", "SpawningToStop", "nop");
        row(rows, "SpawningToStop", "Ping", "SpawningToStop", "nop");

        row(rows, "Up/closed", "ProcessStarted", "Up/closed", "nop");
        row(rows, "Up/closed", "SpawnFailed", "Up/closed", "nop");
        row(rows, "Up/closed", "ProcessExited", "Waiting",
                "!ProcessExited +KillAll +Cancel:StartDeadline +Cancel:Watchdog +Schedule:ProcessRestart");
        row(rows, "Up/closed", "Swept", "Up/closed", "nop");
        row(rows, "Up/closed", "StartDeadline", "Stopping", "!StartTimedOut +SignalGroup +Schedule:StopDeadline +Cancel:Watchdog");
        row(rows, "Up/closed", "StopDeadline", "Up/closed", "nop");
        row(rows, "Up/closed", "Watchdog", "Stopping", "!WatchdogMissed !RestartTriggered +CollectEvidence +SignalGroup");
        row(rows, "Up/closed", "ProcessRestart", "Up/closed", "nop");
        row(rows, "Up/closed", "Ready", "Up/open", "!NotifyReceived +Cancel:StartDeadline");
        row(rows, "Up/closed", "Ping", "Up/closed", "+Schedule:Watchdog");

        row(rows, "Up/open", "ProcessStarted", "Up/open", "nop");
        row(rows, "Up/open", "SpawnFailed", "Up/open", "nop");
        row(rows, "Up/open", "ProcessExited", "Waiting", "!ProcessExited !RestartScheduled +KillAll +Cancel:Watchdog +Schedule:ProcessRestart");
        row(rows, "Up/open", "Swept", "Up/open", "nop");
        row(rows, "Up/open", "StartDeadline", "Up/open", "nop"); // the gate opened: a late fire means nothing
        row(rows, "Up/open", "StopDeadline", "Up/open", "nop");
        row(rows, "Up/open", "Watchdog", "Stopping", "!WatchdogMissed !RestartTriggered +CollectEvidence +SignalGroup +Schedule:StopDeadline");
        row(rows, "Up/open", "ProcessRestart", "Up/open", "nop");
        row(rows, "Up/open", "Ready", "Up/open", "nop"); // READY=1 again is not news
        row(rows, "Up/open", "Ping", "Up/open", "+Schedule:Watchdog");

        row(rows, "Stopping", "ProcessStarted", "Stopping", "nop");
        row(rows, "Stopping", "SpawnFailed", "Stopping", "nop");
        row(rows, "Stopping", "ProcessExited", "Sweeping", "!ProcessExited +KillAll +Cancel:StopDeadline");
        row(rows, "Stopping", "Swept", "Stopping", "nop");
        row(rows, "Stopping", "StartDeadline", "Stopping", "nop");
        row(rows, "Stopping", "StopDeadline", "Killed", "+KillAll !ProcessKilled");
        row(rows, "Stopping", "Watchdog", "Stopping", "nop");
        row(rows, "Stopping", "ProcessRestart", "Stopping", "nop");
        row(rows, "Stopping", "Ready", "Stopping", "nop");
        row(rows, "Stopping", "Ping", "Stopping", "nop");

        row(rows, "Killed", "ProcessStarted", "Killed", "nop");
        row(rows, "Killed", "SpawnFailed", "Killed", "nop");
        row(rows, "Killed", "ProcessExited", "Sweeping", "!ProcessExited +KillAll");
        row(rows, "Killed", "Swept", "Killed", "nop");
        row(rows, "Killed", "StartDeadline", "Killed", "nop");
        row(rows, "Killed", "StopDeadline", "Killed", "nop"); // SIGKILL is sent once
        row(rows, "Killed", "Watchdog", "Killed", "nop");
        row(rows, "Killed", "ProcessRestart", "Killed", "nop");
        row(rows, "Killed", "Ready", "Killed", "nop");
        row(rows, "Killed", "Ping", "Killed", "nop");

        row(rows, "Sweeping", "ProcessStarted", "Sweeping", "nop");
        row(rows, "Sweeping", "SpawnFailed", "Sweeping", "nop");
        row(rows, "Sweeping", "ProcessExited", "Sweeping", "nop"); // it exited once
        row(rows, "Sweeping", "Swept", "Down", "none"); // side still stops: the service waits for it
        row(rows, "Sweeping", "StartDeadline", "Sweeping", "nop");
        row(rows, "Sweeping", "StopDeadline", "Sweeping", "nop");
        row(rows, "Sweeping", "Watchdog", "Sweeping", "nop");
        row(rows, "Sweeping", "ProcessRestart", "Sweeping", "nop");
        row(rows, "Sweeping", "Ready", "Sweeping", "nop");
        row(rows, "Sweeping", "Ping", "Sweeping", "nop");

        row(rows, "Waiting", "ProcessStarted", "Waiting", "nop");
        row(rows, "Waiting", "SpawnFailed", "Waiting", "nop");
        row(rows, "Waiting", "ProcessExited", "Waiting", "nop");
        row(rows, "Waiting", "Swept", "Waiting", "nop");
        row(rows, "Waiting", "StartDeadline", "Waiting", "nop");
        row(rows, "Waiting", "StopDeadline", "Waiting", "nop");
        row(rows, "Waiting", "Watchdog", "Waiting", "nop");
        row(rows, "Waiting", "ProcessRestart", "Spawning", "+Spawn");
        row(rows, "Waiting", "Ready", "Waiting", "nop");
        row(rows, "Waiting", "Ping", "Waiting", "nop");
        return rows.stream();
    }

    private static void row(List<Arguments> rows, String phase, String event, String next, String expect) {
        rows.add(Arguments.of(phase, event, next, expect));
    }

    /** "Up/open" for an open Up, "Up/closed" for a gated one, else the phase record's name. */
    static String phaseName(ProcessSlot slot) {
        return switch (slot.phase()) {
            case ProcessSlot.Up up -> up.gate() instanceof ProcessSlot.Gate.Open ? "Up/open" : "Up/closed";
            case ProcessSlot.Phase other -> other.getClass().getSimpleName();
        };
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @MethodSource("table")
    void decides(String phase, String eventName, String next, String expect) {
        CoreHarness h = PHASES.get(phase).get();
        assertThat(phaseName(h.ctx.process("web"))).as("fixture phase").isEqualTo(phase);
        ServiceState before = h.state;
        ServiceContext contextBefore = h.ctx;
        Decision d = h.apply(EVENTS.get(eventName).apply(h));

        assertThat(phaseName(d.context().process("web"))).as("next phase").isEqualTo(next);
        RowExpectations.check(h, d, before, contextBefore, expect, token -> false);
    }
}
