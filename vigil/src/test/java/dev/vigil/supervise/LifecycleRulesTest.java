package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.BackoffSpec;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.RestartMode;
import dev.vigil.config.RestartPolicy;
import dev.vigil.config.UnixSignal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restart modes, backoff, crash-loop intensity, stop with grace, multi-process services, reload. */
class LifecycleRulesTest {
    static final long S = CoreHarness.SECOND;

    @Test
    void oneDeadProcessWhileOthersLiveDegradesThenRestartsThatProcessAfterBackoff() {
        CoreHarness h = new CoreHarness(Specs.service("os").processes("server", "ui").build()).running();
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        long serverInstance = h.instance("server");

        h.exit("ui", 1);
        assertThat(h.kind()).isEqualTo(StateKind.DEGRADED);
        assertThat(h.state.reason()).isEqualTo("ui exited: exit code 1; restart in 1s");
        assertThat(h.events(SupervisorEvent.RestartScheduled.class)).singleElement()
                .satisfies(e -> {
                    assertThat(e.process()).isEqualTo("ui");
                    assertThat(e.attempt()).isEqualTo(1);
                    assertThat(e.backoffMs()).isEqualTo(1000);
                });

        h.fireScheduled(TimerKey.ProcessRestart.class);
        assertThat(h.effects(Effect.Spawn.class)).extracting(sp -> sp.spec().name()).containsExactly("ui");
        h.started("ui");
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.instance("server")).as("the live process is untouched").isEqualTo(serverInstance);
    }

    @Test
    void theLeadersExitKillsWhatIsLeftOfItsGroup() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        h.exit("web", 0);
        assertThat(h.effects(Effect.KillAll.class)).containsExactly(new Effect.KillAll("web"));
    }

    @Test
    void restartModesDecideWhichExitsRestart() {
        CoreHarness onFailure = new CoreHarness(Specs.service("a").policy(Specs.policy(RestartMode.ON_FAILURE, 5)).build()).running();
        onFailure.exit("a", 0);
        assertThat(onFailure.state).isEqualTo(new ServiceState.Stopped("a exited: exit code 0"));

        CoreHarness signaled = new CoreHarness(Specs.service("a").policy(Specs.policy(RestartMode.ON_FAILURE, 5)).build()).running();
        signaled.killedBy("a", 9);
        assertThat(signaled.kind()).isEqualTo(StateKind.BACKOFF);

        CoreHarness never = new CoreHarness(Specs.service("a").policy(Specs.policy(RestartMode.NEVER, 5)).build()).running();
        never.exit("a", 3);
        assertThat(never.state).isEqualTo(new ServiceState.Stopped("a exited: exit code 3"));

        CoreHarness always = new CoreHarness(Specs.service("a").build()).running();
        always.exit("a", 0);
        assertThat(always.state).isEqualTo(new ServiceState.Backoff(always.now + S, 1, "a exited: exit code 0"));
    }

    @Test
    void crashLoopFailsWithReasonAndNextRetryThenResetRevivesIt() {
        CoreHarness h = new CoreHarness(Specs.service("web").policy(Specs.policy(RestartMode.ALWAYS, 3)).build()).running();
        h.crashUntilFailed("web");
        ServiceState.Failed failed = (ServiceState.Failed) h.state;
        assertThat(failed.reason()).isEqualTo("crash loop: 3 restarts within 1m (max 3); last: web exited: exit code 1");
        assertThat(failed.retryAtNanos()).hasValue(h.now + Duration.ofMinutes(5).toNanos());
        assertThat(h.effects(Effect.Schedule.class)).contains(new Effect.Schedule(new TimerKey.FailedRetry(), h.now + 300 * S));
        assertThat(h.events(SupervisorEvent.ServiceFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("next_retry_ms", 300_000L).containsEntry("restarts", 3));

        h.apply(new Event.Reset());
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.ctx.history()).isEqualTo(RestartHistory.EMPTY);
        assertThat(h.ctx.attempt()).isZero();
    }

    @Test
    void aFailedServiceRetriesSlowlyOnceAndFailsAgainIfItStillCrashes() {
        CoreHarness h = new CoreHarness(Specs.service("web").policy(Specs.policy(RestartMode.ALWAYS, 2)).build()).running();
        h.crashUntilFailed("web");
        h.fireScheduled(TimerKey.FailedRetry.class);
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        h.started("web");
        h.advance(Duration.ofSeconds(1));
        h.exit("web", 1);
        assertThat(h.kind()).as("old restarts left the window, so one more is allowed").isEqualTo(StateKind.BACKOFF);
    }

    @Test
    void failedRetryNeverLeavesOnlyReset() {
        RestartPolicy p = Specs.policy(RestartMode.ALWAYS, 0);
        RestartPolicy never = new RestartPolicy(p.mode(), p.backoff(), 0, p.period(), Optional.empty());
        CoreHarness h = new CoreHarness(Specs.service("web").policy(never).build()).running();
        h.exit("web", 1);
        assertThat(h.state).isInstanceOfSatisfying(ServiceState.Failed.class,
                f -> assertThat(f.retryAtNanos()).isEmpty());
        assertThat(h.scheduled(TimerKey.FailedRetry.class)).isFalse();
        assertThat(h.events(SupervisorEvent.ServiceFailed.class).getFirst().fields()).containsEntry("next_retry", "never");
    }

    @Test
    void backoffGrowsAndStartsOverAfterAStableRun() {
        RestartPolicy p = new RestartPolicy(RestartMode.ALWAYS, new BackoffSpec(Duration.ofSeconds(1),
                Duration.ofSeconds(30), 2.0, 0.0, Duration.ofSeconds(30)), 10, Duration.ofSeconds(60), Optional.empty());
        CoreHarness h = new CoreHarness(Specs.service("web").policy(p).build()).running();
        h.exit("web", 1);
        assertThat(((ServiceState.Backoff) h.state).attempt()).isEqualTo(1);
        h.fireScheduled(TimerKey.BackoffEnd.class);
        h.started("web");
        h.exit("web", 1);
        assertThat(h.state).isInstanceOfSatisfying(ServiceState.Backoff.class, b -> {
            assertThat(b.attempt()).isEqualTo(2);
            assertThat(b.untilNanos()).isEqualTo(h.now + 2 * S);
        });
        h.fireScheduled(TimerKey.BackoffEnd.class);
        h.started("web");
        h.advance(Duration.ofSeconds(30));
        h.exit("web", 1);
        assertThat(((ServiceState.Backoff) h.state).attempt()).isEqualTo(1);
    }

    @Test
    void jitterIsTakenFromTheInjectedSource() {
        CoreHarness h = new CoreHarness(Specs.service("web").policy(new RestartPolicy(RestartMode.ALWAYS,
                new BackoffSpec(Duration.ofSeconds(10), Duration.ofSeconds(30), 2.0, 0.5, Duration.ofSeconds(30)),
                5, Duration.ofSeconds(60), Optional.empty())).build()).running();
        h.jitter = Jitter.fixed(-1);
        h.exit("web", 1);
        assertThat(((ServiceState.Backoff) h.state).untilNanos()).isEqualTo(h.now + 5 * S);
    }

    @Test
    void theStopSignalIsFollowedBySigcontSoAStoppedProcessActsOnIt() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        h.apply(new Event.Stop());
        List<Effect> signals = h.last.effects().stream()
                .filter(e -> e instanceof Effect.SignalGroup || e instanceof Effect.ContinueGroup).toList();
        assertThat(signals).containsExactly(new Effect.SignalGroup("web", UnixSignal.TERM), new Effect.ContinueGroup("web"));
    }

    @Test
    void noSigcontAfterAKillOrStopSignal() {
        for (UnixSignal stopSignal : List.of(UnixSignal.KILL, UnixSignal.STOP, UnixSignal.CONT)) {
            ProcessSpec p = Specs.process("web");
            ProcessSpec withSignal = new ProcessSpec(p.name(), p.command(), p.env(), p.cwd(), stopSignal, p.stopTimeout(),
                    p.type(), p.startTimeout(), p.watchdog(), p.notifyAccess(), p.jvm(), p.logs());
            CoreHarness h = new CoreHarness(Specs.service("web").process(withSignal).build()).running();
            h.apply(new Event.Stop());
            assertThat(h.effects(Effect.SignalGroup.class)).containsExactly(new Effect.SignalGroup("web", stopSignal));
            assertThat(h.effects(Effect.ContinueGroup.class)).as(stopSignal.name()).isEmpty();
        }
    }

    @Test
    void stopSignalsTheGroupThenKillsItAfterTheGrace() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        h.apply(new Event.Stop());
        assertThat(h.effects(Effect.SignalGroup.class)).containsExactly(new Effect.SignalGroup("web", UnixSignal.TERM));
        assertThat(h.state).isEqualTo(new ServiceState.Stopping(h.now + 10 * S, new ServiceState.Then.Stay("stopped by operator")));

        h.fireScheduled(TimerKey.StopDeadline.class);
        assertThat(h.effects(Effect.KillAll.class)).containsExactly(new Effect.KillAll("web"));
        assertThat(h.kind()).isEqualTo(StateKind.STOPPING);

        h.killedBy("web", 9);
        assertThat(h.state).isEqualTo(new ServiceState.Stopped("stopped by operator"));
        assertThat(h.events(SupervisorEvent.ProcessExited.class).getFirst().expected()).isTrue();
    }

    @Test
    void stoppedOnlyWhenEveryProcessHasExited() {
        CoreHarness h = new CoreHarness(Specs.service("os").processes("server", "ui").build()).running();
        h.apply(new Event.Stop());
        h.exit("server", 0);
        assertThat(h.kind()).isEqualTo(StateKind.STOPPING);
        h.exit("ui", 0);
        assertThat(h.kind()).isEqualTo(StateKind.STOPPED);
    }

    @Test
    void aStopBeforeTheLauncherAnsweredSignalsAsSoonAsThePidIsKnown() {
        CoreHarness h = new CoreHarness(Specs.service("web").build());
        h.start();
        h.apply(new Event.Stop());
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
        h.started("web");
        assertThat(h.effects(Effect.SignalGroup.class)).containsExactly(new Effect.SignalGroup("web", UnixSignal.TERM));
        assertThat(h.scheduled(TimerKey.StopDeadline.class)).isTrue();
    }

    @Test
    void crashLoopOfOneProcessStopsTheOthersBeforeFailing() {
        CoreHarness h = new CoreHarness(Specs.service("os").processes("server", "ui")
                .policy(Specs.policy(RestartMode.ALWAYS, 0)).build()).running();
        h.exit("ui", 1);
        assertThat(h.state).isInstanceOf(ServiceState.Stopping.class);
        assertThat(h.effects(Effect.SignalGroup.class)).containsExactly(new Effect.SignalGroup("server", UnixSignal.TERM));
        h.exit("server", 0);
        assertThat(h.kind()).isEqualTo(StateKind.FAILED);
    }

    @Test
    void replaceWhileRunningRestartsWithTheNewSpec() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        var changed = Specs.service("web").processes("web", "sidecar").build();
        h.apply(new Event.Replace(changed));
        assertThat(h.kind()).isEqualTo(StateKind.STOPPING);
        h.exit("web", 0);
        assertThat(h.kind()).isEqualTo(StateKind.STARTING);
        assertThat(h.ctx.spec()).isEqualTo(changed);
        assertThat(h.effects(Effect.Spawn.class)).extracting(sp -> sp.spec().name()).containsExactly("web", "sidecar");
    }

    @Test
    void anEqualSpecChangesNothing() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        ServiceContext before = h.ctx;
        h.apply(new Event.Replace(Specs.service("web").build()));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }

    @Test
    void aStaleExitChangesNothing() {
        CoreHarness h = new CoreHarness(Specs.service("web").build()).running();
        ServiceContext before = h.ctx;
        h.apply(new Event.ProcessExited("web", h.instance("web") - 1, new dev.vigil.process.ExitStatus.Exited(1)));
        assertThat(h.last.isNop(h.state, before)).isTrue();
    }
}
