package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.probe.ProbeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeRulesTest {

    static ServiceSpec withProbe(ProbeRole role, Optional<String> process, DegradedAction action, int restartAfter) {
        return Specs.service("web").processes("web")
                .probe(Specs.probe("alive", role, process, 3))
                .onDegraded(action, restartAfter).build();
    }

    @Test
    void livenessFailuresDegradeWithProbeReasonAndCount() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 5)).running();
        h.probeFails("alive", 1);
        h.probeFails("alive", 2);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        h.probeFails("alive", 3);
        assertThat(h.state).isEqualTo(new ServiceState.Degraded("alive: connect refused (tcp 127.0.0.1:8080), 3/5"));
        assertThat(h.events(SupervisorEvent.ProbeFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.fields()).containsEntry("consecutive", 3).containsEntry("threshold", 3)
                    .containsEntry("kind", "tcp").containsEntry("latency_ms", 3L);
        });
        assertThat(h.effects(Effect.CollectEvidence.class)).isEmpty();
    }

    @Test
    void aFailureTheProbeSideDidNotCountIsShownButChangesNothing() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 1)).running();
        // A new instance's failure within its start window: reported with the counts unchanged.
        h.probe("alive", new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(3)), 0, 0, false, false);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.events()).isEmpty();
        assertThat(h.last.effects()).isEmpty();
        assertThat(h.probeSlot("alive").orElseThrow().last()).hasValueSatisfying(r -> assertThat(r.counted()).isFalse());
    }

    @Test
    void restartAfterCollectsEvidenceThenRestartsTheProbesProcessWithFreshProbes() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3)).running();
        long oldInstance = h.instance("web");
        h.probeFails("alive", 3);

        assertThat(h.kind()).isEqualTo(StateKind.DEGRADED);
        assertThat(h.last.effects()).first().isInstanceOf(Effect.Emit.class);
        assertThat(h.effects(Effect.CollectEvidence.class)).singleElement().satisfies(e -> {
            assertThat(e.process()).isEqualTo("web");
            assertThat(e.failing()).hasValueSatisfying(r -> assertThat(r.consecutiveFailures()).isEqualTo(3));
        });
        int evidenceAt = h.last.effects().indexOf(h.effects(Effect.CollectEvidence.class).getFirst());
        int signalAt = h.last.effects().indexOf(h.effects(Effect.SignalGroup.class).getFirst());
        assertThat(evidenceAt).as("evidence before the signal").isLessThan(signalAt);
        assertThat(h.effects(Effect.StopProbes.class)).containsExactly(new Effect.StopProbes(List.of("alive")));

        h.exit("web", 143);
        assertThat(h.effects(Effect.Spawn.class)).as("respawned at once, no backoff").hasSize(1);
        h.started("web");
        assertThat(h.instance("web")).isGreaterThan(oldInstance);
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.instance()).isEqualTo(h.instance("web")));
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);

        // a late report of the old instance is ignored
        ServiceContext before = h.ctx;
        h.apply(new Event.Probe(new dev.vigil.probe.ProbeReport("web", "alive", ProbeRole.LIVENESS, Optional.of("web"),
                oldInstance, new ProbeOutcome.TimedOut(Duration.ofMillis(500)), 9, 0, true, false)));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }

    @Test
    void warnPolicyStaysDegradedAndNeverRestarts() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.WARN, 3)).running();
        for (int i = 1; i <= 10; i++) {
            h.probeFails("alive", i);
            assertThat(h.effects(Effect.CollectEvidence.class)).isEmpty();
            assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
        }
        assertThat(h.state.reason()).isEqualTo("alive: connect refused (tcp 127.0.0.1:8080), 10/3");
    }

    @Test
    void readinessDegradesButNeverRestarts() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.READINESS, Optional.of("web"), DegradedAction.RESTART, 3)).running();
        for (int i = 1; i <= 10; i++) {
            h.probeFails("alive", i);
            assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
        }
        assertThat(h.kind()).isEqualTo(StateKind.DEGRADED);
    }

    @Test
    void recoveryReturnsToRunning() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.WARN, 3)).running();
        h.probeFails("alive", 3);
        h.probePasses("alive", true);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.events(SupervisorEvent.ProbeRecovered.class)).hasSize(1);
    }

    @Test
    void unprobeableIsReportedOnceAndNeverRestarts() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3)).running();
        var unprobeable = new ProbeOutcome.Unprobeable("exec: /usr/bin/nope: no such file");
        h.probe("alive", unprobeable, 0, 0, false, false);
        assertThat(h.events(SupervisorEvent.ProbeUnprobeable.class)).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("reason", "could not probe: exec: /usr/bin/nope: no such file"));
        h.probe("alive", unprobeable, 0, 0, false, false);
        assertThat(h.events()).isEmpty();
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void unknownRoundsCountNeitherWay() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3)).running();
        h.probe("alive", new ProbeOutcome.Unknown(Duration.ofSeconds(2)), 0, 0, false, false);
        assertThat(h.last.effects()).isEmpty();
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void serviceWideLivenessRestartsTheWholeService() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.empty(), DegradedAction.RESTART, 3)).running();
        assertThat(h.ctx.probes().get("alive").active()).isTrue();
        h.probeFails("alive", 3);
        assertThat(h.state).isInstanceOfSatisfying(ServiceState.Stopping.class,
                st -> assertThat(st.then()).isInstanceOf(ServiceState.Then.Start.class));
        assertThat(h.effects(Effect.CollectEvidence.class)).hasSize(1);
        assertThat(h.effects(Effect.StopAllProbes.class)).hasSize(1);
        h.exit("web", 143);
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
    }

    @Test
    void aServiceWideRestartPassesThroughDegradedEvenWhenRestartAfterEqualsFailures() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.empty(), DegradedAction.RESTART, 3)).running();
        h.probeFails("alive", 3);

        List<SupervisorEvent> events = h.events().stream().filter(e -> e instanceof SupervisorEvent.ServiceStateChanged
                || e instanceof SupervisorEvent.RestartTriggered).toList();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new SupervisorEvent.ServiceStateChanged("web", StateKind.RUNNING,
                StateKind.DEGRADED, "alive: connect refused (tcp 127.0.0.1:8080), 3/3"));
        assertThat(events.get(1)).isEqualTo(
                new SupervisorEvent.RestartTriggered("web", null, "alive: connect refused (tcp 127.0.0.1:8080), 3/3"));
        assertThat(events.get(2)).isInstanceOfSatisfying(SupervisorEvent.ServiceStateChanged.class,
                e -> assertThat(List.of(e.from(), e.to())).containsExactly(StateKind.DEGRADED, StateKind.STOPPING));
        assertThat(h.kind()).isEqualTo(StateKind.STOPPING);
    }

    @Test
    void stormGuardLeavesServicesDegradedOnceTheDaemonWideBudgetIsSpent() {
        DaemonSettings one = new DaemonSettings(1, Duration.ofMinutes(1));
        CoreHarness a = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3), one).running();
        CoreHarness b = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3), one).running();
        a.probeFails("alive", 3);
        assertThat(a.effects(Effect.SignalGroup.class)).hasSize(1);

        b.ctx = b.ctx.withBudget(a.ctx.budget(), false); // the shell threads one budget through all services
        b.probeFails("alive", 3);
        assertThat(b.effects(Effect.SignalGroup.class)).isEmpty();
        assertThat(b.events(SupervisorEvent.RestartBudgetExhausted.class)).hasSize(1);
        assertThat(b.state.reason()).startsWith("restart budget exhausted: alive: connect refused");
        b.probeFails("alive", 4);
        assertThat(b.events(SupervisorEvent.RestartBudgetExhausted.class)).as("said once").isEmpty();

        b.advance(Duration.ofMinutes(1));
        b.probeFails("alive", 5);
        assertThat(b.effects(Effect.SignalGroup.class)).as("budget back after the period").hasSize(1);
    }

    @Test
    void startupProbesGateTheOthers() {
        ServiceSpec spec = Specs.service("web").processes("web")
                .probe(Specs.probe("boot", ProbeRole.STARTUP, Optional.of("web"), 3))
                .probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("web"), 3)).build();
        CoreHarness h = new CoreHarness(spec);
        h.start();
        h.started("web");
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.probes()).extracting(p -> p.name()).containsExactly("boot"));
        assertThat(h.scheduled(TimerKey.StartDeadline.class)).isTrue();

        h.probeFails("boot", 1);
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        h.probePasses("boot", false);
        assertThat(h.effects(Effect.StopProbes.class)).containsExactly(new Effect.StopProbes(List.of("boot")));
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.probes()).extracting(p -> p.name()).containsExactly("alive"));
        assertThat(h.effects(Effect.Cancel.class)).extracting(Effect.Cancel::key)
                .containsExactly(new TimerKey.StartDeadline("web", h.instance("web")));
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void aStartupProbeThatNeverPassesIsAFailedStart() {
        ServiceSpec spec = Specs.service("web").processes("web")
                .probe(Specs.probe("boot", ProbeRole.STARTUP, Optional.of("web"), 3)).build();
        CoreHarness h = new CoreHarness(spec);
        h.start();
        h.started("web");
        h.fireScheduled(TimerKey.StartDeadline.class);
        assertThat(h.events(SupervisorEvent.StartTimedOut.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("web: startup probe did not pass within start_timeout 30s"));
        assertThat(h.effects(Effect.SignalGroup.class)).hasSize(1);
        h.exit("web", 0);
        assertThat(h.state).isInstanceOfSatisfying(ServiceState.Backoff.class,
                b -> assertThat(b.reason()).contains("startup probe did not pass"));
    }

    @Test
    void aServiceWideStartupProbeThatNeverPassesRestartsTheService() {
        ServiceSpec spec = Specs.service("web").processes("web")
                .probe(Specs.probe("boot", ProbeRole.STARTUP, Optional.empty(), 3)).build();
        CoreHarness h = new CoreHarness(spec);
        h.start();
        assertThat(h.effects(Effect.StartProbes.class)).hasSize(1);
        long serviceInstance = h.ctx.serviceInstance();
        h.started("web");
        h.advance(Duration.ofSeconds(30));
        h.fire(new TimerKey.ServiceStartDeadline(serviceInstance));
        assertThat(h.state).isInstanceOfSatisfying(ServiceState.Stopping.class,
                st -> assertThat(st.then()).isInstanceOf(ServiceState.Then.Retry.class));
        h.exit("web", 143);
        assertThat(h.kind()).isEqualTo(StateKind.BACKOFF);
    }

    @Test
    void noProbingWhileStopping() {
        CoreHarness h = new CoreHarness(withProbe(ProbeRole.LIVENESS, Optional.of("web"), DegradedAction.RESTART, 3)).running();
        long probeInstance = h.ctx.probes().get("alive").instance();
        h.apply(new Event.Stop());
        assertThat(h.effects(Effect.StopAllProbes.class)).hasSize(1);
        ServiceContext before = h.ctx;
        h.apply(new Event.Probe(new dev.vigil.probe.ProbeReport("web", "alive", ProbeRole.LIVENESS, Optional.of("web"),
                probeInstance, new ProbeOutcome.Unhealthy("refused", Duration.ZERO), 3, 0, true, true)));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }
}
