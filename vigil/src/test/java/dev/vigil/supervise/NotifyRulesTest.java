package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyRulesTest {
    static final long S = CoreHarness.SECOND;

    static ServiceSpec notifyService(Optional<Duration> watchdog, DegradedAction action) {
        return Specs.service("app").process(Specs.notifyProcess("app", Duration.ofSeconds(20), watchdog))
                .policy(Specs.policy(RestartMode.ON_FAILURE, 5)).onDegraded(action, 3).build();
    }

    @Test
    void notifyProcessesStayStartingUntilReady() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.effects(Effect.Schedule.class))
                .contains(new Effect.Schedule(new TimerKey.StartDeadline("app", h.instance("app")), h.now + 20 * S));
        h.notify("app", new NotifyMessage.Ready());
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.effects(Effect.Cancel.class)).contains(new Effect.Cancel(new TimerKey.StartDeadline("app", h.instance("app"))));
    }

    @Test
    void noReadyWithinStartTimeoutIsAFailedStartEvenWithACleanExit() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.fireScheduled(TimerKey.StartDeadline.class);
        assertThat(h.events(SupervisorEvent.StartTimedOut.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("app: no READY=1 within start_timeout 20s"));
        h.exit("app", 0);
        assertThat(h.kind()).as("on-failure restarts a failed start").isEqualTo(StateKind.BACKOFF);
    }

    @Test
    void extendTimeoutPushesTheStartDeadline() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.advance(Duration.ofSeconds(15));
        h.notify("app", new NotifyMessage.ExtendTimeout(60_000_000));
        assertThat(h.effects(Effect.Schedule.class))
                .containsExactly(new Effect.Schedule(new TimerKey.StartDeadline("app", h.instance("app")), h.now + 60 * S));
        // a shorter extension never shortens the deadline
        h.notify("app", new NotifyMessage.ExtendTimeout(1_000_000));
        assertThat(h.effects(Effect.Schedule.class)).isEmpty();
    }

    @Test
    void extendTimeoutPushesTheStopDeadline() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Ready());
        h.apply(new Event.Stop());
        h.notify("app", new NotifyMessage.ExtendTimeout(30_000_000));
        assertThat(h.effects(Effect.Schedule.class))
                .containsExactly(new Effect.Schedule(new TimerKey.StopDeadline("app", h.instance("app")), h.now + 30 * S));
        assertThat(((ServiceState.Stopping) h.state).deadlineNanos()).isEqualTo(h.now + 30 * S);
    }

    @Test
    void watchdogPingsPushTheDeadlineAndAMissDegradesUnderWarn() {
        CoreHarness h = new CoreHarness(notifyService(Optional.of(Duration.ofSeconds(2)), DegradedAction.WARN));
        h.start();
        h.started("app");
        assertThat(h.effects(Effect.Schedule.class)).contains(new Effect.Schedule(new TimerKey.Watchdog("app", h.instance("app")), h.now + 2 * S));
        h.notify("app", new NotifyMessage.Ready());
        h.advance(Duration.ofSeconds(1));
        h.notify("app", new NotifyMessage.WatchdogPing());
        assertThat(h.effects(Effect.Schedule.class)).containsExactly(new Effect.Schedule(new TimerKey.Watchdog("app", h.instance("app")), h.now + 2 * S));

        h.fireScheduled(TimerKey.Watchdog.class);
        assertThat(h.state).isEqualTo(new ServiceState.Degraded("app: watchdog missed: no WATCHDOG=1 within 2s"));
        assertThat(h.events(SupervisorEvent.WatchdogMissed.class)).hasSize(1);
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();

        h.notify("app", new NotifyMessage.WatchdogPing());
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void watchdogMissUnderRestartCollectsEvidenceAndRestarts() {
        CoreHarness h = new CoreHarness(notifyService(Optional.of(Duration.ofSeconds(2)), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Ready());
        h.advance(Duration.ofSeconds(2));
        h.fire(new TimerKey.Watchdog("app", h.instance("app")));
        assertThat(h.effects(Effect.CollectEvidence.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("app: watchdog missed: no WATCHDOG=1 within 2s"));
        assertThat(h.effects(Effect.SignalGroup.class)).hasSize(1);
        assertThat(h.kind()).isEqualTo(StateKind.DEGRADED);
        h.killedBy("app", 15);
        assertThat(h.effects(Effect.Spawn.class)).hasSize(1);
    }

    @Test
    void aWatchdogRestartPausesServiceWideProbesSoTheStoppingProcessCountsNothing() {
        CoreHarness h = new CoreHarness(Specs.service("app")
                .process(Specs.notifyProcess("app", Duration.ofSeconds(20), Optional.of(Duration.ofSeconds(2))))
                .probe(Specs.probe("http", dev.vigil.config.ProbeRole.LIVENESS, Optional.empty(), 2))
                .onDegraded(DegradedAction.RESTART, 2).build());
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Ready());
        assertThat(h.effects(Effect.StartProbes.class)).singleElement();
        assertThat(h.probeSlot("http")).hasValueSatisfying(p -> assertThat(p.active()).isTrue());

        h.notify("app", new NotifyMessage.WatchdogTrigger());
        assertThat(h.effects(Effect.StopProbes.class)).containsExactly(new Effect.StopProbes(List.of("http")));
        // A round that failed against the process being stopped changes nothing.
        ServiceContext before = h.ctx;
        h.probe("http", new dev.vigil.probe.ProbeOutcome.Unhealthy("connection reset", Duration.ofMillis(200)),
                1, 0, false, false);
        assertThat(h.last.isNop(h.state, before)).isTrue();

        h.killedBy("app", 15);
        h.started("app");
        assertThat(h.effects(Effect.StartProbes.class)).as("not before READY").isEmpty();
        h.notify("app", new NotifyMessage.Ready());
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.probes()).extracting(p -> p.name()).containsExactly("http"));
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        h.notify("app", new NotifyMessage.WatchdogPing());
        assertThat(h.effects(Effect.StartProbes.class)).as("started once, not on every settle").isEmpty();
    }

    @Test
    void aWatchdogRestartIsAnnouncedAsDegradedBeforeItIsTriggered() {
        CoreHarness h = new CoreHarness(notifyService(Optional.of(Duration.ofSeconds(2)), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Ready());
        h.advance(Duration.ofSeconds(2));
        h.fire(new TimerKey.Watchdog("app", h.instance("app")));
        List<SupervisorEvent> events = h.events().stream().filter(e -> e instanceof SupervisorEvent.ServiceStateChanged
                || e instanceof SupervisorEvent.RestartTriggered).toList();
        assertThat(events).containsExactly(
                new SupervisorEvent.ServiceStateChanged("app", StateKind.RUNNING, StateKind.DEGRADED,
                        "app: watchdog missed: no WATCHDOG=1 within 2s"),
                new SupervisorEvent.RestartTriggered("app", "app", "app: watchdog missed: no WATCHDOG=1 within 2s"));
    }

    @Test
    void watchdogTriggerActsAtOnce() {
        CoreHarness h = new CoreHarness(notifyService(Optional.of(Duration.ofSeconds(2)), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Ready(), new NotifyMessage.WatchdogTrigger());
        assertThat(h.events(SupervisorEvent.WatchdogMissed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("WATCHDOG=trigger"));
        assertThat(h.effects(Effect.CollectEvidence.class)).hasSize(1);
    }

    @Test
    void watchdogUsecChangesTheIntervalAndZeroTurnsItOff() {
        CoreHarness h = new CoreHarness(notifyService(Optional.of(Duration.ofSeconds(2)), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.WatchdogUsec(5_000_000));
        assertThat(h.effects(Effect.Schedule.class)).containsExactly(new Effect.Schedule(new TimerKey.Watchdog("app", h.instance("app")), h.now + 5 * S));
        h.notify("app", new NotifyMessage.WatchdogPing());
        assertThat(h.effects(Effect.Schedule.class)).extracting(Effect.Schedule::atNanos).containsExactly(h.now + 5 * S);
        h.notify("app", new NotifyMessage.WatchdogUsec(0));
        assertThat(h.effects(Effect.Cancel.class)).containsExactly(new Effect.Cancel(new TimerKey.Watchdog("app", h.instance("app"))));
    }

    @Test
    void statusIsKeptAndTheRestIsRecorded() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        h.notify("app", new NotifyMessage.Status("loading 3/10"), new NotifyMessage.MainPid(4242),
                new NotifyMessage.Errno(5), new NotifyMessage.Reloading(), new NotifyMessage.Stopping(), new NotifyMessage.Barrier());
        assertThat(h.ctx.process("app").status()).isEqualTo("loading 3/10");
        assertThat(h.events(SupervisorEvent.NotifyStatus.class)).hasSize(1);
        assertThat(h.events(SupervisorEvent.NotifyReceived.class)).extracting(SupervisorEvent.NotifyReceived::key)
                .containsExactly("MAINPID", "ERRNO", "RELOADING", "STOPPING");
    }

    @Test
    void datagramsOfAnEarlierStartAreIgnored() {
        CoreHarness h = new CoreHarness(notifyService(Optional.empty(), DegradedAction.RESTART));
        h.start();
        h.started("app");
        ServiceContext before = h.ctx;
        h.apply(new Event.Notify("app", h.instance("app") - 1, new dev.vigil.notify.NotifyDatagram("app", "app", 1, 0,
                java.util.List.of(new NotifyMessage.Ready()))));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }
}
