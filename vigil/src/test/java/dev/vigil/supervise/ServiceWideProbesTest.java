package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Service-wide probes across a restart of one process: they pause while it is under way and come
 * back as a new instance (fresh counters, start_grace again) once every process is open. The demo's
 * worker showed the bug this prevents: its readiness probe failed "connect refused" 130 ms after a
 * watchdog restart, counting on the old instance, because nobody told the probe side.
 */
class ServiceWideProbesTest {

    /** One process "web" with a liveness probe bound to it and a service-wide readiness probe "app". */
    private static ServiceSpec webWithServiceWideReadiness() {
        return Specs.service("web").processes("web")
                .probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("web"), 3))
                .probe(Specs.probe("app", ProbeRole.READINESS, Optional.empty(), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
    }

    @Test
    void aProcessRestartPausesServiceWideProbesAndResumesThemAsANewInstance() {
        CoreHarness h = new CoreHarness(webWithServiceWideReadiness()).running();
        long oldAppInstance = h.ctx.probes().get("app").instance();
        assertThat(h.ctx.probes().get("app").active()).isTrue();

        h.probeFails("alive", 3); // restart of process web
        assertThat(h.effects(Effect.SignalGroup.class)).hasSize(1);
        assertThat(h.effects(Effect.StopProbes.class)).containsExactly(
                new Effect.StopProbes(List.of("alive")), new Effect.StopProbes(List.of("app")));
        assertThat(h.ctx.probes().get("app").active()).isFalse();

        h.exit("web", 143);
        assertThat(h.effects(Effect.StartProbes.class)).as("nothing probes a process that is not up yet").isEmpty();
        h.started("web");
        List<Effect.StartProbes> starts = h.effects(Effect.StartProbes.class);
        assertThat(starts).extracting(sp -> sp.probes().getFirst().name()).containsExactlyInAnyOrder("alive", "app");
        Effect.StartProbes app = starts.stream().filter(sp -> sp.probes().getFirst().name().equals("app"))
                .findFirst().orElseThrow();
        assertThat(app.instance()).isGreaterThan(oldAppInstance);
        assertThat(h.ctx.probes().get("app").instance()).isEqualTo(app.instance());
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);

        // A round of the old instance that was already on its way changes nothing.
        ServiceContext before = h.ctx;
        h.apply(new Event.Probe(new ProbeReport("web", "app", ProbeRole.READINESS, Optional.empty(), oldAppInstance,
                new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(1)), 1, 0, false, false)));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }

    @Test
    void aWatchdogRestartPausesServiceWideProbesToo() {
        ServiceSpec spec = Specs.service("worker")
                .process(Specs.notifyProcess("worker", Duration.ofSeconds(20), Optional.of(Duration.ofSeconds(4))))
                .probe(Specs.probe("app", ProbeRole.READINESS, Optional.empty(), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
        CoreHarness h = new CoreHarness(spec);
        h.start();
        h.started("worker");
        h.notify("worker", new dev.vigil.notify.NotifyMessage.Ready());
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.ctx.probes().get("app").active()).isTrue();

        h.advance(Duration.ofSeconds(4));
        h.fire(new TimerKey.Watchdog("worker", h.instance("worker")));
        assertThat(h.effects(Effect.SignalGroup.class)).hasSize(1);
        assertThat(h.effects(Effect.StopProbes.class)).containsExactly(new Effect.StopProbes(List.of("app")));

        h.exit("worker", 143);
        h.started("worker");
        assertThat(h.effects(Effect.StartProbes.class)).as("not before READY=1").isEmpty();
        h.notify("worker", new dev.vigil.notify.NotifyMessage.Ready());
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.probes()).extracting(p -> p.name()).containsExactly("app"));
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void aProcessDownForGoodDoesNotKeepServiceWideProbesPaused() {
        ServiceSpec spec = Specs.service("os").processes("server", "ui")
                .policy(Specs.policy(dev.vigil.config.RestartMode.NEVER, 5))
                .probe(Specs.probe("api", ProbeRole.READINESS, Optional.empty(), 3)).build();
        CoreHarness h = new CoreHarness(spec).running();
        long before = h.ctx.probes().get("api").instance();
        h.exit("ui", 0);
        assertThat(h.effects(Effect.StopProbes.class)).isEmpty();
        assertThat(h.ctx.probes().get("api").instance()).isEqualTo(before);
    }
}
