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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the supervisor publishes for the dashboard, with a scripted launcher, fake probes and a fake
 * clock: each probe's recent rounds, restarts in the last hour and day, the next action, and
 * "probe now" answered with the asked probes' next rounds.
 */
class SupervisorDashboardTest {
    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher launcher = new ScriptedLauncher();
    final FakeProbeControl probes = new FakeProbeControl();
    Supervisor supervisor;

    @BeforeEach
    void startSupervisor() throws Exception {
        supervisor = new Supervisor(new Supervisor.Parts(launcher, scheduler, probes, new FakeNotifySockets(),
                (service, spec, process) -> Map.of(), event -> { }, ticker, Jitter.fixed(0), Path.of("/state/logs")),
                SystemLanes.on(Runnable::run));
        supervisor.start();
        ServiceSpec a = Specs.service("a").probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("a"), 3)).build();
        supervisor.apply(new VigilConfig(List.of(Path.of("vigil.toml")), DaemonSettings.defaults(), List.of(a)))
                .get(5, TimeUnit.SECONDS);
        view(); // the spawn's start message, then the probes it starts
        assertThat(view().probes().getFirst().running()).isTrue();
    }

    @AfterEach
    void closeSupervisor() throws Exception {
        supervisor.close();
    }

    private SupervisorSnapshot.ServiceView view() throws Exception {
        return supervisor.settledSnapshot().get(5, TimeUnit.SECONDS).service("a").orElseThrow();
    }

    private void report(ProbeOutcome outcome, int failures) {
        probes.report(new ProbeReport("a", "alive", ProbeRole.LIVENESS, Optional.of("a"), probes.instance("a", "alive"),
                outcome, failures, failures == 0 ? 1 : 0, failures >= 3, false));
    }

    @Test
    void eachRoundIsInTheProbesRecentHistoryNumberedInOrder() throws Exception {
        report(new ProbeOutcome.Healthy(Duration.ofMillis(2), ""), 0);
        ticker.advance(Duration.ofSeconds(1));
        report(new ProbeOutcome.Unhealthy("empty reply", Duration.ofMillis(5)), 1);

        List<ProbeTick> recent = view().probes().getFirst().recent();
        assertThat(recent).extracting(t -> t.outcome().verdict())
                .containsExactly(ProbeOutcome.Verdict.SUCCESS, ProbeOutcome.Verdict.FAILURE);
        assertThat(recent.get(1).seq()).isGreaterThan(recent.get(0).seq());
        assertThat(recent.get(1).at()).isEqualTo(recent.get(0).at().plusSeconds(1));
        assertThat(view().next().describe(ticker.wallClock())).isEqualTo("restart after 2 more failures of alive");
    }

    @Test
    void aRestartCountsInTheLastHourAndDay() throws Exception {
        assertThat(view().recentRestarts().lastHour(ticker.wallClock())).isZero();
        launcher.last("a", "a").exit(1);
        SupervisorSnapshot.ServiceView after = view();
        assertThat(after.restarts()).isEqualTo(1);
        assertThat(after.recentRestarts().lastHour(ticker.wallClock())).isEqualTo(1);
        assertThat(after.recentRestarts().lastDay(ticker.wallClock().plus(Duration.ofHours(2)))).isEqualTo(1);
        assertThat(after.next().at()).as("backoff: the restart is timed").isPresent();
    }

    @Test
    void probeNowAsksTheProbeSideAndAnswersWithTheNextRound() throws Exception {
        CompletableFuture<Map<String, ProbeTick>> answer = supervisor.probeNow("a", List.of("alive"));
        view(); // the request has been taken in
        assertThat(probes.runNow).containsExactly("a/alive");
        assertThat(answer).isNotDone();

        report(new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(1)), 1);
        Map<String, ProbeTick> rounds = answer.get(5, TimeUnit.SECONDS);
        assertThat(rounds.get("alive").outcome()).isEqualTo(new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(1)));
        assertThat(rounds.get("alive").seq()).isEqualTo(view().probes().getFirst().recent().getLast().seq());
    }

    @Test
    void probeNowOfNothingRunningAnswersAtOnce() throws Exception {
        assertThat(supervisor.probeNow("a", List.of("nope")).get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(supervisor.probeNow("unknown", List.of("alive")).get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
