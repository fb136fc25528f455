package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.metrics.ProbeResult;
import dev.vigil.metrics.RestartReason;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.metrics.ServiceCounters.ProbeKey;
import dev.vigil.metrics.ServiceCounters.ProcessKey;
import dev.vigil.metrics.ServiceCounters.RestartKey;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyMessage;
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
 * The restart and probe counters behind /metrics, fed exactly as the daemon feeds them (every
 * event of the real supervisor, every report through the counting probe control), with a
 * scripted launcher, fake probes and a fake clock.
 */
class RestartCountingTest {
    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher launcher = new ScriptedLauncher();
    final FakeProbeControl probes = new FakeProbeControl();
    final FakeNotifySockets notify = new FakeNotifySockets();
    final ServiceCounters counters = new ServiceCounters(ticker);
    Supervisor supervisor;

    @BeforeEach
    void startSupervisor() {
        supervisor = new Supervisor(new Supervisor.Parts(launcher, scheduler, counters.counting(probes),
                counters.counting(notify), (service, spec, process) -> Map.of(), counters, ticker, Jitter.fixed(0),
                Path.of("/state/logs")));
        supervisor.start();
    }

    @AfterEach
    void closeSupervisor() throws Exception {
        supervisor.close();
    }

    private void apply(ServiceSpec... services) throws Exception {
        supervisor.apply(new VigilConfig(List.of(Path.of("vigil.toml")), DaemonSettings.defaults(), List.of(services)))
                .get(5, TimeUnit.SECONDS);
        sync();
    }

    private void sync() throws Exception {
        supervisor.settledSnapshot().get(5, TimeUnit.SECONDS);
        supervisor.settledSnapshot().get(5, TimeUnit.SECONDS);
    }

    private static ServiceSpec probed(String name) {
        return Specs.service(name).probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of(name), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
    }

    private void failProbe(String service, int times) throws Exception {
        for (int i = 1; i <= times; i++) {
            probes.report(new ProbeReport(service, "alive", ProbeRole.LIVENESS, Optional.of(service),
                    probes.instance(service, "alive"), new ProbeOutcome.Unhealthy("empty reply", Duration.ofMillis(4)),
                    i, 0, i >= 3, i == 3));
            sync();
        }
    }

    private long restarts(String service, RestartReason reason) {
        return counters.restarts().getOrDefault(new RestartKey(service, reason), 0L);
    }

    private long allRestarts(String service) {
        return counters.restarts().entrySet().stream().filter(e -> e.getKey().service().equals(service))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aProbeRestartIncrementsTheProbeCounterExactlyOnce() throws Exception {
        apply(probed("web"));
        failProbe("web", 3);
        assertThat(launcher.launches("web")).isEqualTo(2); // it really restarted
        sync();

        assertThat(restarts("web", RestartReason.PROBE)).isEqualTo(1);
        assertThat(allRestarts("web")).isEqualTo(1);
        String kind = Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("web"), 3).target().kind();
        assertThat(counters.probeRounds()).containsExactly(
                Map.entry(new ProbeKey("web", "alive", kind, ProbeResult.FAILURE), 3L));
    }

    @Test
    void anUnexpectedExitCountsAsExitAndAKillBySomeoneElseAsSignal() throws Exception {
        apply(Specs.service("web").build());
        launcher.last("web", "web").exit(1);
        sync();
        scheduler.advance(Duration.ofMinutes(1)); // backoff over: started again
        sync();
        launcher.last("web", "web").killAll(); // SIGKILL that Vigil did not send
        sync();

        assertThat(restarts("web", RestartReason.EXIT)).isEqualTo(1);
        assertThat(restarts("web", RestartReason.SIGNAL)).isEqualTo(1);
        assertThat(allRestarts("web")).isEqualTo(2);
    }

    @Test
    void anOperatorsRestartCountsAsManualAndAPlainStopCountsNothing() throws Exception {
        apply(Specs.service("web").build(), Specs.service("db").build());
        counters.manualRestart("web", true);
        supervisor.restart("web").get(5, TimeUnit.SECONDS);
        sync();
        counters.manualRestart("web", false);
        supervisor.stop("db").get(5, TimeUnit.SECONDS);
        supervisor.start("db").get(5, TimeUnit.SECONDS);
        sync();

        assertThat(launcher.launches("web")).isEqualTo(2);
        assertThat(restarts("web", RestartReason.MANUAL)).isEqualTo(1);
        assertThat(allRestarts("web")).isEqualTo(1);
        assertThat(allRestarts("db")).isZero();
    }

    @Test
    void aReloadThatChangesAServiceCountsAsReloadAndEarlierCountsSurvive() throws Exception {
        apply(probed("web"), Specs.service("db").build());
        failProbe("web", 3);
        counters.reloading(true);
        apply(probed("web"), Specs.service("db").policy(Specs.policy(dev.vigil.config.RestartMode.ON_FAILURE, 5)).build());
        counters.reloading(false);

        assertThat(launcher.launches("db")).isEqualTo(2);
        assertThat(restarts("db", RestartReason.RELOAD)).isEqualTo(1);
        assertThat(restarts("web", RestartReason.PROBE)).isEqualTo(1); // untouched by the reload
        assertThat(counters.probeRounds().values()).containsExactly(3L);
    }

    @Test
    void aRemovedServicesSeriesAreForgotten() throws Exception {
        apply(probed("web"), Specs.service("db").build());
        failProbe("web", 3);
        apply(Specs.service("db").build());
        counters.forget(List.of("web"));

        assertThat(counters.restarts().keySet()).noneMatch(k -> k.service().equals("web"));
        assertThat(counters.probeRounds()).isEmpty();
    }

    @Test
    void aWatchdogRestartCountsAsWatchdogAndAsATimeout() throws Exception {
        apply(Specs.service("app").process(Specs.notifyProcess("app", Duration.ofSeconds(20),
                Optional.of(Duration.ofSeconds(2)))).build());
        var process = launcher.last("app", "app");
        notify.last().sink.accept(new NotifyDatagram("app", "app", process.pid, 0,
                List.of(new NotifyMessage.Ready(), new NotifyMessage.WatchdogPing())));
        sync();
        assertThat(counters.watchdogPingAgeSeconds()).containsOnlyKeys(new ProcessKey("app", "app"));
        ticker.advance(Duration.ofMillis(500));
        assertThat(counters.watchdogPingAgeSeconds().get(new ProcessKey("app", "app"))).isEqualTo(0.5);

        scheduler.advance(Duration.ofSeconds(3)); // no WATCHDOG=1 within 2s
        sync();

        assertThat(launcher.launches("app")).isEqualTo(2);
        assertThat(counters.watchdogTimeouts()).containsExactly(Map.entry(new ProcessKey("app", "app"), 1L));
        assertThat(restarts("app", RestartReason.WATCHDOG)).isEqualTo(1);
        assertThat(allRestarts("app")).isEqualTo(1);
        assertThat(counters.restartBudgetRemaining()).isEqualTo(DaemonSettings.defaults().probeRestartBudget() - 1);
    }
}
