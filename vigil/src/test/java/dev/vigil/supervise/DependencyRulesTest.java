package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DependencyCondition;
import dev.vigil.config.DependencySpec;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start order in the pure core: the waiting reason, its deadline, what holds in a dependency, reloads. */
class DependencyRulesTest {
    static final DependencyFacts NOTHING = DependencyFacts.ABSENT;
    static final DependencyFacts STARTED = new DependencyFacts(true, false, false, false);
    static final DependencyFacts READY = new DependencyFacts(true, true, false, false);
    static final DependencyFacts COMPLETED = new DependencyFacts(true, true, false, true);

    static ServiceSpec web() {
        return Specs.service("web").dependsOn("db", DependencyCondition.READY)
                .dependsOn("migrate", DependencyCondition.COMPLETED).build();
    }

    @Test
    void waitsNamingEveryUnmetConditionAndStartsWhenAllHold() {
        CoreHarness h = new CoreHarness(web());
        h.start();
        assertThat(h.state).isInstanceOf(ServiceState.Waiting.class);
        assertThat(h.state.reason()).isEqualTo("waiting for db: ready, migrate: completed");
        assertThat(h.effects(Effect.Spawn.class)).isEmpty();
        assertThat(h.events(SupervisorEvent.ServiceStateChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("waiting for db: ready, migrate: completed"));

        h.dependencies.put("db", STARTED); // started is not ready
        assertThat(h.apply(new Event.DependencyChanged()).effects()).isEmpty();
        h.dependencies.put("migrate", COMPLETED);
        h.apply(new Event.DependencyChanged());
        assertThat(h.state.reason()).isEqualTo("waiting for db: ready");
        assertThat(h.effects(Effect.Spawn.class)).isEmpty();

        h.dependencies.put("db", READY);
        h.apply(new Event.DependencyChanged());
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.effects(Effect.Spawn.class)).hasSize(1);
        assertThat(h.effects(Effect.Cancel.class)).extracting(Effect.Cancel::key).contains(new TimerKey.DependencyDeadline());
    }

    @Test
    void startTimeoutWhileWaitingFailsSayingWhichDependencyMissedWhichCondition() {
        CoreHarness h = new CoreHarness(web());
        h.start();
        h.dependencies.put("migrate", COMPLETED);
        h.apply(new Event.DependencyChanged());
        long deadline = ((ServiceState.Waiting) h.state).deadlineNanos();
        assertThat(deadline - h.now).isEqualTo(Duration.ofSeconds(30).toNanos()); // the process's start_timeout

        h.now = deadline;
        h.fire(new TimerKey.DependencyDeadline());
        assertThat(h.kind()).isEqualTo(StateKind.FAILED);
        assertThat(h.state.reason()).isEqualTo("dependency db did not reach ready within start_timeout 30s");
        assertThat(h.events(SupervisorEvent.StartTimedOut.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(h.state.reason()));
        assertThat(h.events(SupervisorEvent.ServiceFailed.class)).hasSize(1);
        // The slow retry starts it again: into WAITING, with a fresh deadline.
        h.fireScheduled(TimerKey.FailedRetry.class);
        assertThat(h.kind()).isEqualTo(StateKind.WAITING);
        assertThat(h.scheduled(TimerKey.DependencyDeadline.class)).isTrue();
    }

    @Test
    void aRestartAfterACrashWaitsForTheDependencyAgain() {
        CoreHarness h = new CoreHarness(Specs.service("web").dependsOn("db", DependencyCondition.HEALTHY).build());
        h.dependencies.put("db", new DependencyFacts(true, true, true, false));
        h.running();
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        h.dependencies.put("db", READY); // degraded: ready, not healthy
        h.exit("web", 1);
        h.fireScheduled(TimerKey.BackoffEnd.class);
        assertThat(h.kind()).isEqualTo(StateKind.WAITING);
        assertThat(h.state.reason()).isEqualTo("waiting for db: healthy");
    }

    @Test
    void aRunningServiceIsNotStoppedWhenItsDependencyGoesDown() {
        CoreHarness h = new CoreHarness(web());
        h.dependencies.put("db", READY);
        h.dependencies.put("migrate", COMPLETED);
        h.running();
        h.dependencies.clear();
        assertThat(h.apply(new Event.DependencyChanged()).isNop(h.state, h.ctx)).isTrue();
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
    }

    @Test
    void aReloadThatChangesOnlyDependenciesAdoptsThemWithoutARestart() {
        CoreHarness h = new CoreHarness(web());
        h.dependencies.put("db", READY);
        h.dependencies.put("migrate", COMPLETED);
        h.running();
        ServiceSpec fewer = web().withDependencies(DependencySpec.NONE);
        h.apply(new Event.Replace(fewer));
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.last.effects()).isEmpty();
        assertThat(h.ctx.spec()).isEqualTo(fewer);
    }

    @Test
    void aReloadThatRemovesTheUnmetDependencyOfAWaitingServiceStartsIt() {
        CoreHarness h = new CoreHarness(web());
        h.start();
        h.apply(new Event.Replace(web().withDependencies(DependencySpec.NONE)));
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.effects(Effect.Spawn.class)).hasSize(1);
        assertThat(h.effects(Effect.Cancel.class)).extracting(Effect.Cancel::key).contains(new TimerKey.DependencyDeadline());
    }

    @Test
    void factsFollowTheDependencysStateProbesAndExit() {
        ServiceSpec db = Specs.service("db").probe(Specs.probe("accepts", ProbeRole.READINESS, Optional.of("db"), 3)).build();
        CoreHarness h = new CoreHarness(db);
        assertThat(facts(h)).isEqualTo(NOTHING);
        h.start();
        assertThat(facts(h)).isEqualTo(NOTHING); // asked to spawn, no pid yet
        h.started("db");
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(facts(h)).isEqualTo(new DependencyFacts(true, false, true, false)); // readiness not yet passed
        h.probePasses("accepts", true);
        assertThat(facts(h)).isEqualTo(new DependencyFacts(true, true, true, false));
        h.probeFails("accepts", 3);
        assertThat(h.kind()).isEqualTo(StateKind.DEGRADED);
        assertThat(facts(h)).isEqualTo(new DependencyFacts(true, false, false, false));
    }

    @Test
    void aOneShotCompletesOnlyWithExitZero() {
        ServiceSpec once = Specs.service("migrate").policy(Specs.policy(RestartMode.NEVER, 5)).build();
        CoreHarness ok = new CoreHarness(once).running();
        ok.exit("migrate", 0);
        assertThat(ok.kind()).isEqualTo(StateKind.STOPPED);
        assertThat(facts(ok)).isEqualTo(COMPLETED);

        CoreHarness failed = new CoreHarness(once).running();
        failed.exit("migrate", 3);
        assertThat(failed.kind()).isEqualTo(StateKind.STOPPED);
        assertThat(facts(failed)).isEqualTo(NOTHING);
    }

    private static DependencyFacts facts(CoreHarness h) {
        return DependencyFacts.of(h.state, h.ctx);
    }
}
