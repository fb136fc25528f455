package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.HealthGates;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
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
