package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.config.VigilConfig;
import dev.vigil.event.VigilEvent;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell with a scripted launcher, a manual scheduler, and fake probe and notify sides. */
class SupervisorTest {
    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher launcher = new ScriptedLauncher();
    final FakeProbeControl probes = new FakeProbeControl();
    final FakeNotifySockets notify = new FakeNotifySockets();
    final List<VigilEvent> events = new CopyOnWriteArrayList<>();
    Supervisor supervisor;

    @BeforeEach
    void startSupervisor() {
        supervisor = new Supervisor(new Supervisor.Parts(launcher, scheduler, probes, notify,
                (service, spec, process) -> Map.of("proc_state", "S (sleeping)"), events::add, ticker,
                Jitter.fixed(0), Path.of("/state/logs")), SystemLanes.on(Runnable::run));
        supervisor.start();
    }

    @AfterEach
    void closeSupervisor() throws Exception {
        supervisor.close();
    }

    static VigilConfig config(DaemonSettings daemon, ServiceSpec... services) {
        return new VigilConfig(List.of(Path.of("vigil.toml")), daemon, List.of(services));
    }

    static VigilConfig config(ServiceSpec... services) {
        return config(DaemonSettings.defaults(), services);
    }

    /** Waits until every message posted so far (and what they posted at once) has been processed. */
    void sync() throws Exception {
        supervisor.start("-sync-").get(5, TimeUnit.SECONDS);
        supervisor.start("-sync-").get(5, TimeUnit.SECONDS);
    }

    SupervisorSnapshot.ServiceView view(String name) throws Exception {
        sync();
        return supervisor.snapshot().service(name).orElseThrow(() -> new AssertionError("no service " + name));
    }

    @Test
    void aSettledSnapshotShowsWhatAnEventJustAnnounced() throws Exception {
        supervisor.apply(config(Specs.service("web").build())).get(5, TimeUnit.SECONDS);
        sync();
        var seenInEvent = new java.util.concurrent.CompletableFuture<SupervisorSnapshot>();
        var settled = new java.util.concurrent.CompletableFuture<SupervisorSnapshot>();
        // Inside the listener the published snapshot still shows the state before the event.
        supervisor.subscribe(event -> {
            if (event instanceof SupervisorEvent.ServiceStateChanged changed && changed.to() == StateKind.STOPPED) {
                seenInEvent.complete(supervisor.snapshot());
                supervisor.settledSnapshot().thenAccept(settled::complete);
            }
        });
        supervisor.stop("web");
        assertThat(seenInEvent.get(5, TimeUnit.SECONDS).service("web").orElseThrow().state()).isNotEqualTo(StateKind.STOPPED);
        assertThat(settled.get(5, TimeUnit.SECONDS).service("web").orElseThrow().state()).isEqualTo(StateKind.STOPPED);
    }

    @Test
    void appliedServicesStartAndRun() throws Exception {
        ApplyResult result = supervisor.apply(config(Specs.service("web").build())).get(5, TimeUnit.SECONDS);
        assertThat(result.added()).containsExactly("web");
        SupervisorSnapshot.ServiceView web = view("web");
        assertThat(web.state()).isEqualTo(StateKind.RUNNING);
        assertThat(web.label()).isEqualTo("● running");
        assertThat(web.processes()).singleElement().satisfies(p -> {
            assertThat(p.pid()).isEqualTo(launcher.last("web", "web").pid);
            assertThat(p.alive()).isTrue();
        });
        assertThat(launcher.requests.getFirst().logDir()).isEqualTo(Path.of("/state/logs/web"));
        assertThat(events).extracting(VigilEvent::type).contains("process_started", "service_state_changed");
    }

    @Test
    void aCrashBacksOffThenRestarts() throws Exception {
        supervisor.apply(config(Specs.service("web").build())).get(5, TimeUnit.SECONDS);
        var restartScheduled = supervisor.nextEvent(SupervisorEvent.RestartScheduled.class, e -> true);
        launcher.last("web", "web").exit(1);
        assertThat(restartScheduled.get(5, TimeUnit.SECONDS).backoffMs()).isEqualTo(1000);
        SupervisorSnapshot.ServiceView web = view("web");
        assertThat(web.state()).isEqualTo(StateKind.BACKOFF);
        assertThat(web.nextRetry()).contains(ticker.wallClock().plusSeconds(1));
        assertThat(web.processes().getFirst().lastExit()).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo("exit code 1"));

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.launches("web")).isEqualTo(2);
        assertThat(view("web").restarts()).isEqualTo(1);
    }

    @Test
    void aCrashLoopFailsAndResetRevivesIt() throws Exception {
        supervisor.apply(config(Specs.service("web").policy(Specs.policy(RestartMode.ALWAYS, 2)).build())).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            launcher.last("web", "web").exit(1);
            sync();
            scheduler.advance(Duration.ofSeconds(10));
            sync();
        }
        SupervisorSnapshot.ServiceView web = view("web");
        assertThat(web.state()).isEqualTo(StateKind.FAILED);
        assertThat(web.reason()).startsWith("crash loop: 2 restarts within 1m (max 2)");
        assertThat(web.nextRetry()).isPresent();
        assertThat(events).extracting(VigilEvent::type).contains("service_failed");

        CommandResult reset = supervisor.reset("web").get(5, TimeUnit.SECONDS);
        // The launch runs off the supervisor's thread: the answer sees the spawn asked for, not done.
        assertThat(reset).isEqualTo(new CommandResult.Applied("web", StateKind.FAILED, StateKind.STARTING, ""));
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.launches("web")).isEqualTo(4);
    }

    @Test
    void stopKillsAProcessThatIgnoresItsStopSignalAfterTheGrace() throws Exception {
        launcher.ignoreStopSignal = true;
        supervisor.apply(config(Specs.service("web").build())).get(5, TimeUnit.SECONDS);
        var process = launcher.last("web", "web");
        CommandResult stop = supervisor.stop("web").get(5, TimeUnit.SECONDS);
        assertThat(stop).isEqualTo(new CommandResult.Applied("web", StateKind.RUNNING, StateKind.STOPPING, "stopped by operator"));
        assertThat(process.signals).containsExactly(UnixSignal.TERM, UnixSignal.CONT);
        scheduler.advance(Duration.ofSeconds(9));
        assertThat(view("web").state()).isEqualTo(StateKind.STOPPING);
        assertThat(process.killAlls).isZero();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(view("web").state()).isEqualTo(StateKind.STOPPED);
        assertThat(process.killAlls).isPositive();
        assertThat(events).extracting(VigilEvent::type).contains("process_killed");
    }

    @Test
    void reloadAddsRemovesChangesAndLeavesTheRestAlone() throws Exception {
        supervisor.apply(config(Specs.service("web").build(), Specs.service("db").build(), Specs.service("old").build()))
                .get(5, TimeUnit.SECONDS);
        long webPid = launcher.last("web", "web").pid;
        long dbPid = launcher.last("db", "db").pid;

        ApplyResult result = supervisor.apply(config(Specs.service("web").build(),
                Specs.service("db").processes("db", "replica").build(), Specs.service("new").build())).get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(new ApplyResult(List.of("new"), List.of("old"), List.of("db"), List.of("web")));

        SupervisorSnapshot snapshot = supervisor.snapshot();
        sync();
        snapshot = supervisor.snapshot();
        assertThat(snapshot.services()).extracting(SupervisorSnapshot.ServiceView::name).containsExactly("web", "db", "new");
        assertThat(view("web").processes().getFirst().pid()).isEqualTo(webPid);
        assertThat(view("db").state()).isEqualTo(StateKind.RUNNING);
        assertThat(view("db").processes()).extracting(SupervisorSnapshot.ProcessView::name).containsExactly("db", "replica");
        assertThat(view("db").processes().getFirst().pid()).isNotEqualTo(dbPid);
        assertThat(launcher.last("old", "old").exited()).isTrue();
        assertThat(view("new").state()).isEqualTo(StateKind.RUNNING);

        CommandResult unknown = supervisor.start("old").get(5, TimeUnit.SECONDS);
        assertThat(unknown).isEqualTo(new CommandResult.UnknownService("old", List.of("web", "db", "new")));
        assertThat(((CommandResult.UnknownService) unknown).message()).isEqualTo("no service named \"old\"; known: web, db, new");
    }

    @Test
    void theStormGuardSpendsOneBudgetAcrossServices() throws Exception {
        ServiceSpec a = Specs.service("a").probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("a"), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
        ServiceSpec b = Specs.service("b").probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("b"), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
        supervisor.apply(config(new DaemonSettings(1, Duration.ofMinutes(1)), a, b)).get(5, TimeUnit.SECONDS);
        sync();

        var first = launcher.last("a", "a");
        failProbe("a", 3);
        assertThat(first.signals).containsExactly(UnixSignal.TERM, UnixSignal.CONT);
        assertThat(events).filteredOn(e -> e.type().equals("evidence_collected")).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("proc_state", "S (sleeping)").containsEntry("probe", "alive"));
        assertThat(view("a").state()).isEqualTo(StateKind.RUNNING); // respawned at once, probes fresh
        assertThat(launcher.launches("a")).isEqualTo(2);

        failProbe("b", 3);
        assertThat(launcher.last("b", "b").signals).isEmpty();
        assertThat(view("b").state()).isEqualTo(StateKind.DEGRADED);
        assertThat(view("b").reason()).startsWith("restart budget exhausted");
        assertThat(events).extracting(VigilEvent::type).contains("restart_budget_exhausted");
    }

    @Test
    void theViewKeepsTheLastRestartsCauseAndTimeAfterTheServiceIsBackToRunning() throws Exception {
        ServiceSpec a = Specs.service("a").probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("a"), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
        supervisor.apply(config(a)).get(5, TimeUnit.SECONDS);
        assertThat(view("a").lastRestart()).isEmpty();
        java.time.Instant decidedAt = ticker.wallClock();

        failProbe("a", 3);
        SupervisorSnapshot.ServiceView back = view("a");
        assertThat(back.state()).as("DEGRADED lasted only while the restart was decided").isEqualTo(StateKind.RUNNING);
        assertThat(back.lastRestart()).contains(new SupervisorSnapshot.RestartView(decidedAt,
                "alive: empty reply (tcp 127.0.0.1:8080), 3/3"));

        ticker.advance(Duration.ofSeconds(30));
        launcher.last("a", "a").exit(1);
        assertThat(view("a").lastRestart()).hasValueSatisfying(r -> {
            assertThat(r.at()).isEqualTo(decidedAt.plusSeconds(30));
            assertThat(r.reason()).isEqualTo("a exited: exit code 1");
        });
    }

    private void failProbe(String service, int times) throws Exception {
        for (int i = 1; i <= times; i++) {
            probes.report(new ProbeReport(service, "alive", ProbeRole.LIVENESS, Optional.of(service),
                    probes.instance(service, "alive"), new ProbeOutcome.Unhealthy("empty reply", Duration.ofMillis(4)),
                    i, 0, i >= 3, i == 3));
            sync();
        }
    }

    @Test
    void notifyProcessesGetASocketAndRunOnReady() throws Exception {
        supervisor.apply(config(Specs.service("app").process(Specs.notifyProcess("app", Duration.ofSeconds(5), Optional.empty()))
                .build())).get(5, TimeUnit.SECONDS);
        var endpoint = notify.last();
        var process = launcher.last("app", "app");
        assertThat(process.request.extraEnv()).containsEntry("NOTIFY_SOCKET", endpoint.environment().get("NOTIFY_SOCKET"));
        assertThat(endpoint.attachedPid).isEqualTo(process.pid);
        assertThat(view("app").state()).isEqualTo(StateKind.STARTING);

        endpoint.sink.accept(new NotifyDatagram("app", "app", process.pid, 0,
                List.of(new NotifyMessage.Ready(), new NotifyMessage.Status("serving"))));
        SupervisorSnapshot.ServiceView app = view("app");
        assertThat(app.state()).isEqualTo(StateKind.RUNNING);
        assertThat(app.processes().getFirst().notifyStatus()).isEqualTo("serving");

        process.exit(0);
        sync();
        assertThat(endpoint.closed).isTrue();
    }

    @Test
    void aReadySentBeforeTheLaunchReturnedIsNotLost() throws Exception {
        // The launch runs on an effect lane: a quick process says READY=1 before its start is posted.
        launcher.duringLaunch = () -> notify.last().sink.accept(new NotifyDatagram("app", "app", 1, 0,
                List.of(new NotifyMessage.Ready())));
        supervisor.apply(config(Specs.service("app").process(Specs.notifyProcess("app", Duration.ofSeconds(5), Optional.empty()))
                .build())).get(5, TimeUnit.SECONDS);
        assertThat(view("app").state()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void aSpawnFailureIsAFailureWithItsReason() throws Exception {
        launcher.failNext = "/opt/web/bin/web: no such file";
        supervisor.apply(config(Specs.service("web").build())).get(5, TimeUnit.SECONDS);
        SupervisorSnapshot.ServiceView web = view("web");
        assertThat(web.state()).isEqualTo(StateKind.BACKOFF);
        assertThat(web.reason()).isEqualTo("web: spawn failed: /opt/web/bin/web: no such file");
    }

    @Test
    void stopAllCompletesOnceEveryServiceIsStopped() throws Exception {
        launcher.ignoreStopSignal = true;
        supervisor.apply(config(Specs.service("web").build(), Specs.service("db").build())).get(5, TimeUnit.SECONDS);
        var all = supervisor.stopAll();
        sync();
        assertThat(all).isNotDone();
        launcher.last("web", "web").exit(0);
        sync();
        assertThat(all).isNotDone();
        scheduler.advance(Duration.ofSeconds(10)); // db ignores TERM: killed after its grace
        all.get(5, TimeUnit.SECONDS);
        assertThat(supervisor.snapshot().services()).allMatch(s -> s.state() == StateKind.STOPPED);
    }
}
