package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The one line "what will the policy do next", from the core's state: one case per wording. */
class NextActionTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final Instant WALL = Instant.parse("2026-01-01T12:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private static ServiceContext context(ServiceSpec spec) {
        return ServiceContext.initial(spec, RestartBudget.of(DaemonSettings.defaults()));
    }

    private static ServiceSpec withHealth(DegradedAction action, int restartAfter) {
        return Specs.service("web").probe(Specs.probe("health", ProbeRole.LIVENESS, Optional.empty(), 2))
                .onDegraded(action, restartAfter).build();
    }

    /** The health probe running for instance 1 with {@code failures} in a row ({@code failing} past its threshold). */
    private static ServiceContext failures(ServiceContext ctx, int failures, boolean failing) {
        ProbeSlot slot = ctx.probes().get("health").startedFor(1);
        ProbeReport report = new ProbeReport("web", "health", ProbeRole.LIVENESS, Optional.empty(), 1,
                new ProbeOutcome.Unhealthy("503 Service Unavailable", Duration.ofMillis(4)), failures, 0, failing, false);
        return ctx.withProbe(slot.withReport(report));
    }

    private static String line(ServiceState state, ServiceContext ctx) {
        return NextAction.of(state, ctx, NOW, WALL).describe(WALL);
    }

    @Test
    void stoppedDoesNothing() {
        assertThat(line(ServiceState.Stopped.INITIAL, context(withHealth(DegradedAction.RESTART, 3))))
                .isEqualTo("no action (stopped)");
    }

    @Test
    void aHealthyServiceRestartsIfItExitsAsItsPolicySays() {
        assertThat(line(new ServiceState.Running(), context(Specs.service("a").build()))).isEqualTo("restart if it exits");
        assertThat(line(new ServiceState.Running(), context(Specs.service("a")
                .policy(Specs.policy(RestartMode.ON_FAILURE, 5)).build()))).isEqualTo("restart if it fails");
        assertThat(line(new ServiceState.Running(), context(Specs.service("a")
                .policy(Specs.policy(RestartMode.NEVER, 5)).build()))).isEqualTo("no restart if it exits (restart = never)");
    }

    @Test
    void failuresInARowCountDownToTheRestart() {
        ServiceContext ctx = context(withHealth(DegradedAction.RESTART, 3));
        assertThat(line(new ServiceState.Running(), failures(ctx, 1, false)))
                .isEqualTo("restart after 2 more failures of health");
        assertThat(line(new ServiceState.Degraded("health: 503"), failures(ctx, 2, true)))
                .isEqualTo("restart after 1 more failure of health");
    }

    @Test
    void warnOnlyNeverRestartsOnAProbe() {
        ServiceContext ctx = context(withHealth(DegradedAction.WARN, 3));
        assertThat(line(new ServiceState.Degraded("health: 503"), failures(ctx, 5, true)))
                .isEqualTo("warn only (on_degraded = warn)");
    }

    @Test
    void aDeniedRestartSaysTheBudgetIsExhausted() {
        ServiceContext ctx = failures(context(withHealth(DegradedAction.RESTART, 3)), 3, true);
        ServiceContext denied = ctx.withBudget(ctx.budget(), true);
        assertThat(line(new ServiceState.Degraded("restart budget exhausted"), denied)).isEqualTo("restart budget exhausted");
    }

    @Test
    void anEmptyBudgetTurnsTheCountdownIntoAWarning() {
        ServiceContext ctx = failures(context(withHealth(DegradedAction.RESTART, 3)), 1, false);
        RestartBudget spent = new RestartBudget(1, 60 * SECOND, java.util.List.of(NOW - SECOND));
        assertThat(line(new ServiceState.Running(), ctx.withBudget(spent, false)))
                .isEqualTo("warn only: restart budget exhausted");
    }

    @Test
    void theCrashLoopLimitTurnsTheNextRestartIntoFailed() {
        ServiceContext ctx = context(Specs.service("a").policy(Specs.policy(RestartMode.ALWAYS, 1)).build())
                .withRestart(NOW - SECOND, 1);
        assertThat(line(new ServiceState.Running(), ctx)).isEqualTo("failed (crash loop) if it exits");
    }

    @Test
    void backoffAndFailedCountDownToTheirTime() {
        ServiceContext ctx = context(Specs.service("a").build());
        assertThat(line(new ServiceState.Backoff(NOW + 4 * SECOND, 2, "exit code 1"), ctx))
                .isEqualTo("restart (attempt 2) in 4s");
        NextAction retry = NextAction.of(new ServiceState.Failed("crash loop", OptionalLong.of(NOW + 295 * SECOND)),
                ctx, NOW, WALL);
        assertThat(retry.describe(WALL)).isEqualTo("retry in 4m55s");
        assertThat(retry.at()).contains(WALL.plusSeconds(295));
        assertThat(line(new ServiceState.Failed("crash loop", OptionalLong.empty()), ctx))
                .isEqualTo("no action until reset (failed_retry = never)");
    }

    @Test
    void aDeadProcessWaitingForItsRestartCountsDown() {
        ServiceSpec spec = Specs.service("pair").processes("web", "worker").build();
        ServiceContext ctx = context(spec);
        ctx = ctx.withProcess(ctx.process("worker").in(new ProcessSlot.Waiting(NOW + 12 * SECOND, "exit code 1")));
        assertThat(line(new ServiceState.Degraded("worker exited"), ctx)).isEqualTo("restart worker in 12s");
    }

    @Test
    void waitingForDependenciesCountsDownToGivingUp() {
        ServiceContext ctx = context(Specs.service("a").build());
        assertThat(line(new ServiceState.Waiting(NOW + 25 * SECOND, "waiting for db: ready"), ctx))
                .isEqualTo("start once its dependencies hold; give up in 25s");
    }

    @Test
    void stoppingSaysWhereItGoes() {
        ServiceContext ctx = context(Specs.service("a").build());
        assertThat(line(new ServiceState.Stopping(NOW, new ServiceState.Then.Start()), ctx)).isEqualTo("start again once stopped");
        assertThat(line(new ServiceState.Stopping(NOW, new ServiceState.Then.Stay("")), ctx)).isEqualTo("no action (stopping)");
    }
}
