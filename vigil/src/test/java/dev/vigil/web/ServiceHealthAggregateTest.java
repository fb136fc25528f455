package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import dev.vigil.metrics.HealthGates;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule by which services make /livez and /readyz pass or fail, on snapshots made by hand. */
class ServiceHealthAggregateTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final HealthGates PLAIN = new HealthGates(Set.of(), false, Set.of());

    private static ServiceView service(String name, StateKind state, String reason) {
        return new ServiceView(name, state, reason, T0, List.of(), 0, Optional.empty(), List.of(), Optional.empty());
    }

    private static SupervisorSnapshot snapshot(ServiceView... services) {
        return new SupervisorSnapshot(T0, Arrays.asList(services));
    }

    private static boolean ready(StateKind state, HealthGates gates) {
        return ServiceHealthAggregate.readiness(snapshot(service("s", state, "why")), gates).getFirst().ok();
    }

    private static boolean live(StateKind state, HealthGates gates) {
        return ServiceHealthAggregate.liveness(snapshot(service("s", state, "why")), gates).getFirst().ok();
    }

    @Test
    void readyOnlyWhenRunningOrNotMeantToRun() {
        for (StateKind state : StateKind.values()) {
            assertThat(ready(state, PLAIN)).as(state.label())
                    .isEqualTo(state == StateKind.RUNNING || state == StateKind.STOPPED);
        }
    }

    @Test
    void aServiceWithoutReadyGateNeverFailsReadiness() {
        HealthGates ungated = new HealthGates(Set.of(), false, Set.of("s"));
        for (StateKind state : StateKind.values()) {
            assertThat(ready(state, ungated)).as(state.label()).isTrue();
        }
        assertThat(ServiceHealthAggregate.readiness(snapshot(service("s", StateKind.FAILED, "crash loop")), ungated)
                .getFirst().reason()).isEqualTo("failed: crash loop (ready_gate = false: not counted)");
    }

    @Test
    void liveFailsOnlyForAFailedCriticalService() {
        HealthGates critical = new HealthGates(Set.of("s"), false, Set.of());
        for (StateKind state : StateKind.values()) {
            assertThat(live(state, PLAIN)).as("not critical, " + state.label()).isTrue();
            assertThat(live(state, critical)).as("critical, " + state.label()).isEqualTo(state != StateKind.FAILED);
        }
    }

    @Test
    void exitOnFailedMakesEveryFailedServiceFailLiveness() {
        HealthGates any = new HealthGates(Set.of(), true, Set.of());
        assertThat(live(StateKind.FAILED, any)).isFalse();
        assertThat(live(StateKind.DEGRADED, any)).isTrue();
        assertThat(live(StateKind.BACKOFF, any)).isTrue();
    }

    @Test
    void eachServiceSaysWhyInConfigOrder() {
        SupervisorSnapshot snapshot = snapshot(
                service("web", StateKind.RUNNING, ""),
                service("api", StateKind.DEGRADED, "ready: connect refused, 3/3"),
                service("batch", StateKind.FAILED, "crash loop: 6 restarts within 1m"),
                service("db", StateKind.FAILED, "crash loop: 6 restarts within 1m"));
        HealthGates gates = new HealthGates(Set.of("db"), false, Set.of("batch"));

        assertThat(ServiceHealthAggregate.readiness(snapshot, gates)).containsExactly(
                new ServiceHealthAggregate.Verdict("web", "running", true, "running"),
                new ServiceHealthAggregate.Verdict("api", "degraded", false, "degraded: ready: connect refused, 3/3"),
                new ServiceHealthAggregate.Verdict("batch", "failed", true,
                        "failed: crash loop: 6 restarts within 1m (ready_gate = false: not counted)"),
                new ServiceHealthAggregate.Verdict("db", "failed", false, "failed: crash loop: 6 restarts within 1m"));
        assertThat(ServiceHealthAggregate.liveness(snapshot, gates)).extracting(ServiceHealthAggregate.Verdict::ok)
                .containsExactly(true, true, true, false);
        assertThat(ServiceHealthAggregate.liveness(snapshot, gates).get(2).reason())
                .isEqualTo("failed: crash loop: 6 restarts within 1m (not critical: does not fail liveness)");
        assertThat(ServiceHealthAggregate.liveness(snapshot, gates).get(3).reason())
                .isEqualTo("failed: crash loop: 6 restarts within 1m (critical = true)");
    }

    /** A running readiness probe with these counts; {@code lastResult} empty = no result yet. */
    private static SupervisorSnapshot.ProbeView readiness(String name, ProbeRole role, Optional<String> lastResult,
                                                          int failures, int successes) {
        ProbeSpec spec = new ProbeSpec(name, new ProbeTarget.Tcp(new Endpoint.Tcp("127.0.0.1", 8080)), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, 3, 1, role,
                new SourceRef(Path.of("vigil.toml"), 1, 1));
        return new SupervisorSnapshot.ProbeView(name, role, "tcp 127.0.0.1:8080", lastResult, Optional.empty(),
                failures, successes, false, true, spec, Optional.empty(), Optional.empty(), 3);
    }

    private static boolean readyWith(SupervisorSnapshot.ProbeView probe) {
        ServiceView web = new ServiceView("web", StateKind.RUNNING, "", T0, List.of(), 0, Optional.empty(),
                List.of(probe), Optional.empty());
        return ServiceHealthAggregate.readiness(snapshot(web), PLAIN).getFirst().ok();
    }

    @Test
    void aRunningServiceIsReadyOnlyOnceItsReadinessProbesPassedTheirLatestRound() {
        assertThat(readyWith(readiness("ready", ProbeRole.READINESS, Optional.empty(), 0, 0)))
                .as("no result yet since the start").isFalse();
        assertThat(readyWith(readiness("ready", ProbeRole.READINESS, Optional.of("connect refused"), 1, 0)))
                .as("latest round failed, below failures: not ready before the verdict turns").isFalse();
        assertThat(readyWith(readiness("ready", ProbeRole.READINESS, Optional.of("connected in 1 ms"), 0, 1))).isTrue();
        assertThat(readyWith(readiness("live", ProbeRole.LIVENESS, Optional.of("connect refused"), 1, 0)))
                .as("a liveness failure counts only once it degrades the service").isTrue();
        ServiceView web = new ServiceView("web", StateKind.RUNNING, "", T0, List.of(), 0, Optional.empty(),
                List.of(readiness("ready", ProbeRole.READINESS, Optional.of("connect refused"), 1, 0)), Optional.empty());
        assertThat(ServiceHealthAggregate.readiness(snapshot(web), PLAIN).getFirst().reason())
                .isEqualTo("running, but readiness probe ready has not passed: connect refused");
    }

    @Test
    void theVerboseFormIsOneLinePerCheckAndAVerdict() {
        List<ServiceHealthAggregate.Verdict> services = ServiceHealthAggregate.readiness(snapshot(
                service("web", StateKind.RUNNING, ""),
                service("api", StateKind.STARTING, "waiting for READY=1\nforged line")), PLAIN);
        String text = HealthText.of("readyz", Map.of("supervisor", "ok"), services, false);
        assertThat(text).isEqualTo("""
                [+]supervisor ok
                [+]service:web ok (running)
                [-]service:api failed: starting: waiting for READY=1 forged line
                readyz check failed
                """);
    }
}
