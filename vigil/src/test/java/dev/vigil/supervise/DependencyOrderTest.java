package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DependencyCondition;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.config.VigilConfig;
import dev.vigil.event.VigilEvent;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Start and stop order in the shell, with a scripted launcher, a manual scheduler and fake probes. */
class DependencyOrderTest {
    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher launcher = new ScriptedLauncher();
    final FakeProbeControl probes = new FakeProbeControl();
    final List<VigilEvent> events = new CopyOnWriteArrayList<>();
    Supervisor supervisor;

    @BeforeEach
    void startSupervisor() {
        supervisor = new Supervisor(new Supervisor.Parts(launcher, scheduler, probes, new FakeNotifySockets(),
                (service, spec, process) -> Map.of(), events::add, ticker, Jitter.fixed(0), Path.of("/state/logs")),
                SystemLanes.on(Runnable::run));
        supervisor.start();
    }

    @AfterEach
    void closeSupervisor() throws Exception {
        supervisor.close();
    }

    static VigilConfig config(ServiceSpec... services) {
        return SupervisorTest.config(services);
    }

    /**
     * Waits until what has been posted, and what that posted in turn, is processed: effects run
     * directly here, so each message posts its follow-ups (a recheck, a start) before it ends, and
     * each round trip through the mailbox finishes one more link of such a chain.
     */
    SupervisorSnapshot settle() throws Exception {
        SupervisorSnapshot last = null;
        for (int i = 0; i < 10; i++) {
            last = supervisor.settledSnapshot().get(5, TimeUnit.SECONDS);
        }
        return last;
    }

    SupervisorSnapshot.ServiceView view(String name) throws Exception {
        return settle().service(name).orElseThrow();
    }

    static ServiceSpec db() {
        return Specs.service("db").probe(Specs.probe("accepts", ProbeRole.READINESS, Optional.of("db"), 3)).build();
    }

    void dbAnswers() throws Exception {
        settle();
        probes.report(new ProbeReport("db", "accepts", ProbeRole.READINESS, Optional.of("db"), probes.instance("db", "accepts"),
                new ProbeOutcome.Healthy(Duration.ofMillis(1), "ok"), 0, 1, false, true));
    }

    @Test
    void aDependentWaitsUntilItsDependencyIsReadyThenStarts() throws Exception {
        // Declared first, so it is asked to start before db exists: it must still wait for db.
        ServiceSpec web = Specs.service("web").dependsOn("db", DependencyCondition.READY).build();
        supervisor.apply(config(web, db())).get(5, TimeUnit.SECONDS);

        SupervisorSnapshot.ServiceView waiting = view("web");
        assertThat(waiting.state()).isEqualTo(StateKind.WAITING);
        assertThat(waiting.label()).isEqualTo("◌ waiting");
        assertThat(waiting.reason()).isEqualTo("waiting for db: ready");
        assertThat(launcher.launches("web")).isZero();
        assertThat(view("db").state()).isEqualTo(StateKind.RUNNING); // running, readiness not yet passed

        dbAnswers();
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.requests).extracting(r -> r.service()).containsExactly("db", "web");
        List<String> order = events.stream().filter(e -> e instanceof SupervisorEvent.ProcessStarted
                || e instanceof SupervisorEvent.ProbeRecovered || e instanceof SupervisorEvent.ServiceStateChanged c
                && c.to() == StateKind.WAITING).map(e -> e.type() + ":" + e.service()).toList();
        assertThat(order.indexOf("process_started:web")).isGreaterThan(order.indexOf("process_started:db"));
    }

    @Test
    void aDependentStartsWhenAOneShotCompletes() throws Exception {
        ServiceSpec migrate = Specs.service("migrate").policy(Specs.policy(RestartMode.NEVER, 5)).build();
        ServiceSpec web = Specs.service("web").dependsOn("migrate", DependencyCondition.COMPLETED).build();
        supervisor.apply(config(migrate, web)).get(5, TimeUnit.SECONDS);
        assertThat(view("web").reason()).isEqualTo("waiting for migrate: completed");
        launcher.last("migrate", "migrate").exit(0);
        assertThat(view("migrate").state()).isEqualTo(StateKind.STOPPED);
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void startTimeoutWhileWaitingFailsTheDependent() throws Exception {
        ServiceSpec web = Specs.service("web").dependsOn("db", DependencyCondition.READY).build();
        supervisor.apply(config(db(), web)).get(5, TimeUnit.SECONDS);
        settle();
        scheduler.advance(Duration.ofSeconds(30));
        SupervisorSnapshot.ServiceView failed = view("web");
        assertThat(failed.state()).isEqualTo(StateKind.FAILED);
        assertThat(failed.reason()).isEqualTo("dependency db did not reach ready within start_timeout 30s");
    }

    @Test
    void stopAllStopsDependentsBeforeTheirDependencies() throws Exception {
        launcher.ignoreStopSignal = true; // each exits when the test says, so the order is visible
        ServiceSpec app = Specs.service("app").dependsOn("db", DependencyCondition.STARTED).build();
        ServiceSpec web = Specs.service("web").dependsOn("app", DependencyCondition.STARTED).build();
        ServiceSpec other = Specs.service("other").build();
        supervisor.apply(config(db(), app, web, other)).get(5, TimeUnit.SECONDS);
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);

        CompletableFuture<Void> stopped = supervisor.stopAll();
        settle();
        assertThat(launcher.last("web", "web").signals).contains(UnixSignal.TERM);
        assertThat(launcher.last("other", "other").signals).contains(UnixSignal.TERM); // independent: at once
        assertThat(launcher.last("app", "app").signals).isEmpty();
        assertThat(launcher.last("db", "db").signals).isEmpty();

        launcher.last("web", "web").exit(0);
        settle();
        assertThat(launcher.last("app", "app").signals).contains(UnixSignal.TERM);
        assertThat(launcher.last("db", "db").signals).isEmpty();

        launcher.last("app", "app").exit(0);
        settle();
        assertThat(launcher.last("db", "db").signals).contains(UnixSignal.TERM);
        assertThat(stopped).isNotDone();
        launcher.last("db", "db").exit(0);
        launcher.last("other", "other").exit(0);
        stopped.get(5, TimeUnit.SECONDS);
    }

    @Test
    void stopInOrderWithDependentsAndTheListOfRunningDependents() throws Exception {
        ServiceSpec app = Specs.service("app").dependsOn("db", DependencyCondition.STARTED).build();
        ServiceSpec web = Specs.service("web").dependsOn("app", DependencyCondition.STARTED).build();
        supervisor.apply(config(db(), app, web)).get(5, TimeUnit.SECONDS);
        settle();
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).containsExactly("app", "web");
        supervisor.stop("web").get(5, TimeUnit.SECONDS);
        settle(); // the answer comes once web is told to stop; its exit arrives through the mailbox after
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).containsExactly("app");
        assertThat(supervisor.dependents("db", false).get(5, TimeUnit.SECONDS)).containsExactly("app", "web");

        supervisor.stopInOrder(List.of("db", "app", "web")).get(5, TimeUnit.SECONDS);
        assertThat(view("db").state()).isEqualTo(StateKind.STOPPED);
        List<String> stops = events.stream().filter(e -> e instanceof SupervisorEvent.ServiceStateChanged c
                && c.to() == StateKind.STOPPED).map(VigilEvent::service).toList();
        assertThat(stops).containsExactly("web", "app", "db");
    }

    @Test
    void aStopPlanWhoseMemberIsStartedAgainStillEnds() throws Exception {
        launcher.ignoreStopSignal = true;
        ServiceSpec app = Specs.service("app").dependsOn("db", DependencyCondition.STARTED).build();
        supervisor.apply(config(Specs.service("db").build(), app)).get(5, TimeUnit.SECONDS);
        settle();
        ScriptedLauncher.FakeProcess firstApp = launcher.last("app", "app");
        CompletableFuture<Void> stopped = supervisor.stopInOrder(List.of("app", "db"));
        settle();
        assertThat(view("app").state()).isEqualTo(StateKind.STOPPING);

        supervisor.start("app").get(5, TimeUnit.SECONDS); // overtakes the stop: app never reaches STOPPED
        firstApp.exit(0);
        settle();
        assertThat(view("app").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.launches("app")).isEqualTo(2);
        // Not held back by the restarted app (as for one seen stopped first): db stops and the plan ends.
        assertThat(launcher.last("db", "db").signals).contains(UnixSignal.TERM);
        launcher.last("db", "db").exit(0);
        stopped.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDependentWaitingForItsDependencyCountsAsActiveAndStopsWithIt() throws Exception {
        ServiceSpec web = Specs.service("web").dependsOn("db", DependencyCondition.READY).build();
        ServiceSpec idle = Specs.service("idle").dependsOn("db", DependencyCondition.STARTED).autostart(false).build();
        supervisor.apply(config(db(), web, idle)).get(5, TimeUnit.SECONDS);
        assertThat(view("web").state()).isEqualTo(StateKind.WAITING);
        // Waiting counts (it would start, or fail at its start_timeout, under a stopped db); never started does not.
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).containsExactly("web");

        CompletableFuture<Void> stopped = supervisor.stopInOrder(List.of("web", "db"));
        settle();
        assertThat(view("web").state()).isEqualTo(StateKind.STOPPED);
        assertThat(launcher.last("db", "db").signals).contains(UnixSignal.TERM);
        launcher.last("db", "db").exit(0);
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(launcher.launches("web")).isZero();
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void restartDependentsStopsThemFirstAndStartsThemWhenTheDependencyIsReadyAgain() throws Exception {
        launcher.ignoreStopSignal = true;
        ServiceSpec db = Specs.service("db").probe(Specs.probe("accepts", ProbeRole.READINESS, Optional.of("db"), 3))
                .restartDependents(true).build();
        ServiceSpec app = Specs.service("app").dependsOn("db", DependencyCondition.READY).build();
        ServiceSpec solo = Specs.service("solo").build();
        supervisor.apply(config(db, app, solo)).get(5, TimeUnit.SECONDS);
        dbAnswers();
        assertThat(view("app").state()).isEqualTo(StateKind.RUNNING);
        ScriptedLauncher.FakeProcess firstDb = launcher.last("db", "db");
        ScriptedLauncher.FakeProcess firstApp = launcher.last("app", "app");

        CompletableFuture<RestartAnswer> answer = supervisor.restartWithDependents("db");
        CompletableFuture<CommandResult> restart = answer.thenApply(RestartAnswer::result);
        settle();
        assertThat(firstApp.signals).contains(UnixSignal.TERM);
        assertThat(firstDb.signals).isEmpty(); // db waits for app to be down
        assertThat(restart).isNotDone();

        firstApp.exit(0);
        assertThat(restart.get(5, TimeUnit.SECONDS)).isInstanceOf(CommandResult.Applied.class);
        assertThat(answer.get(5, TimeUnit.SECONDS).dependents()).containsExactly("app");
        assertThat(firstDb.signals).contains(UnixSignal.TERM);
        assertThat(view("app").state()).isEqualTo(StateKind.WAITING);
        firstDb.exit(0);
        settle();
        assertThat(launcher.launches("db")).isEqualTo(2);
        assertThat(launcher.launches("app")).isEqualTo(1); // db is up again, but not ready yet

        dbAnswers();
        assertThat(view("app").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.launches("app")).isEqualTo(2);
        assertThat(launcher.launches("solo")).isEqualTo(1);
    }

    @Test
    void withoutRestartDependentsARestartDoesNotCascade() throws Exception {
        ServiceSpec app = Specs.service("app").dependsOn("db", DependencyCondition.STARTED).build();
        supervisor.apply(config(Specs.service("db").build(), app)).get(5, TimeUnit.SECONDS);
        assertThat(supervisor.restartWithDependents("db").get(5, TimeUnit.SECONDS).dependents()).isEmpty();
        settle();
        assertThat(launcher.launches("db")).isEqualTo(2);
        assertThat(launcher.launches("app")).isEqualTo(1);
        assertThat(view("app").state()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void aReloadThatAddsOrRemovesDependenciesRestartsNothing() throws Exception {
        ServiceSpec web = Specs.service("web").build();
        supervisor.apply(config(Specs.service("db").build(), web)).get(5, TimeUnit.SECONDS);
        assertThat(view("web").state()).isEqualTo(StateKind.RUNNING);
        long pid = view("web").processes().getFirst().pid();

        ServiceSpec webOnDb = Specs.service("web").dependsOn("db", DependencyCondition.STARTED).build();
        ApplyResult added = supervisor.apply(config(Specs.service("db").build(), webOnDb)).get(5, TimeUnit.SECONDS);
        assertThat(added.adopted()).containsExactly("web");
        assertThat(added.changed()).isEmpty();
        assertThat(added.unchanged()).containsExactly("db");
        assertThat(view("web").processes().getFirst().pid()).isEqualTo(pid);
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).containsExactly("web");

        ApplyResult dropped = supervisor.apply(config(Specs.service("db").build(), web)).get(5, TimeUnit.SECONDS);
        assertThat(dropped.adopted()).containsExactly("web");
        assertThat(view("web").processes().getFirst().pid()).isEqualTo(pid);
        assertThat(launcher.launches("web")).isEqualTo(1);
        assertThat(launcher.launches("db")).isEqualTo(1);
        assertThat(supervisor.dependents("db", true).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aReloadThatDropsTheDependencyOfAWaitingServiceStartsIt() throws Exception {
        ServiceSpec batch = Specs.service("batch").autostart(false).build();
        ServiceSpec report = Specs.service("report").dependsOn("batch", DependencyCondition.STARTED).build();
        supervisor.apply(config(batch, report)).get(5, TimeUnit.SECONDS);
        assertThat(view("report").state()).isEqualTo(StateKind.WAITING);
        supervisor.apply(config(batch, Specs.service("report").build())).get(5, TimeUnit.SECONDS);
        assertThat(view("report").state()).isEqualTo(StateKind.RUNNING);
        assertThat(launcher.launches("batch")).isZero();
    }
}
