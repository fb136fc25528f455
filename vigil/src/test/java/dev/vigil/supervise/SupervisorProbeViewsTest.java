package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe views a report leads to: only the reported probe's view is new, every other one is the
 * previous view itself, and a snapshot already published never changes with later reports (the
 * views are rebuilt in place of a copy, so this is what would break first).
 */
class SupervisorProbeViewsTest {
    final FakeTicker ticker = new FakeTicker();
    final FakeProbeControl probes = new FakeProbeControl();
    Supervisor supervisor;

    @BeforeEach
    void startSupervisor() throws Exception {
        supervisor = new Supervisor(new Supervisor.Parts(new ScriptedLauncher(), new ManualScheduler(ticker), probes,
                new FakeNotifySockets(), (service, spec, process) -> Map.of(), event -> { }, ticker, Jitter.fixed(0),
                Path.of("/state/logs")), SystemLanes.on(Runnable::run));
        supervisor.start();
        ServiceSpec a = Specs.service("a")
                .probe(Specs.probe("p0", ProbeRole.LIVENESS, Optional.of("a"), 3))
                .probe(Specs.probe("p1", ProbeRole.READINESS, Optional.of("a"), 2))
                .probe(Specs.probe("p2", ProbeRole.LIVENESS, Optional.of("a"), 3)).build();
        supervisor.apply(new VigilConfig(List.of(Path.of("vigil.toml")), DaemonSettings.defaults(), List.of(a)))
                .get(5, TimeUnit.SECONDS);
        view(); // the spawn's start message, then the probes it starts
        assertThat(view().probes()).allMatch(SupervisorSnapshot.ProbeView::running);
    }

    @AfterEach
    void closeSupervisor() throws Exception {
        supervisor.close();
    }

    private SupervisorSnapshot.ServiceView view() throws Exception {
        return supervisor.settledSnapshot().get(5, TimeUnit.SECONDS).service("a").orElseThrow();
    }

    private void report(String probe, ProbeOutcome outcome, int failures, boolean failing) {
        ProbeRole role = probe.equals("p1") ? ProbeRole.READINESS : ProbeRole.LIVENESS;
        probes.report(new ProbeReport("a", probe, role, Optional.of("a"), probes.instance("a", probe), outcome, failures,
                failures == 0 ? 1 : 0, failing, false));
    }

    @Test
    void aReportBuildsOnlyItsProbesViewAndLeavesPublishedViewsAsTheyWere() throws Exception {
        report("p0", new ProbeOutcome.Healthy(Duration.ofMillis(2), ""), 0, false);
        report("p1", new ProbeOutcome.Healthy(Duration.ofMillis(2), ""), 0, false);
        report("p2", new ProbeOutcome.Healthy(Duration.ofMillis(2), ""), 0, false);
        List<SupervisorSnapshot.ProbeView> before = view().probes();
        assertThat(before).extracting(v -> v.lastResult().orElseThrow()).containsOnly("ok in 2.0 ms");

        report("p1", new ProbeOutcome.Unhealthy("503 Service Unavailable", Duration.ofMillis(4)), 2, true);
        SupervisorSnapshot.ServiceView after = view();

        assertThat(after.probes().get(0)).isSameAs(before.get(0));
        assertThat(after.probes().get(2)).isSameAs(before.get(2));
        assertThat(after.probes().get(1).lastResult()).contains("503 Service Unavailable");
        assertThat(after.probes().get(1).failing()).isTrue();
        assertThat(after.probes().get(1).recent()).hasSize(2);
        assertThat(after.state()).isEqualTo(StateKind.DEGRADED);
        assertThat(after.reason()).contains("p1: 503 Service Unavailable");
        // The list published before is untouched.
        assertThat(before.get(1).lastResult()).contains("ok in 2.0 ms");
        assertThat(before.get(1).recent()).hasSize(1);
        assertThat(before).extracting(SupervisorSnapshot.ProbeView::failing).containsOnly(false);
    }

    @Test
    void aReportOfAStaleInstanceIsStillShownInTheRecentRoundsOfItsProbe() throws Exception {
        report("p2", new ProbeOutcome.Healthy(Duration.ofMillis(2), ""), 0, false);
        SupervisorSnapshot.ProbeView before = view().probes().get(2);

        probes.report(new ProbeReport("a", "p2", ProbeRole.LIVENESS, Optional.of("a"), probes.instance("a", "p2") + 100,
                new ProbeOutcome.Unhealthy("refused", Duration.ofMillis(1)), 1, 0, false, false));
        SupervisorSnapshot.ProbeView after = view().probes().get(2);

        assertThat(after).isNotSameAs(before);
        assertThat(after.recent()).hasSize(2);
        assertThat(after.lastResult()).as("not counted: the last result stays").contains("ok in 2.0 ms");
    }
}
