package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The scheduler's step and delivery rules with a fake clock, a manual executor and a scripted prober. */
class ProbeSchedulerTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final ProbeOutcome OK = new ProbeOutcome.Healthy(Duration.ofMillis(1), "HTTP 200");
    private static final ProbeOutcome BAD = new ProbeOutcome.Unhealthy("empty reply (connection closed before any byte)", Duration.ofMillis(1));

    private final FakeTicker ticker = new FakeTicker();
    private final ManualExecutor executor = new ManualExecutor();
    private final Queue<ProbeOutcome> script = new ArrayDeque<>();
    private Duration probeTakes = Duration.ZERO;
    private final List<Long> lateness = new ArrayList<>();
    /** Runs inside a probe, as the scheduler thread would run meanwhile; then cleared. */
    private Runnable whileProbing = () -> { };
    private final ProbeScheduler scheduler = new ProbeScheduler((target, timeout) -> {
        ticker.advance(probeTakes);
        Runnable during = whileProbing;
        whileProbing = () -> { };
        during.run();
        return script.remove();
    }, ticker, executor, lateness::add);
    private final List<ProbeReport> reports = new ArrayList<>();
    private final List<Long> reportedAt = new ArrayList<>();

    private void report(ProbeReport r) {
        reports.add(r);
        reportedAt.add(ticker.nanoTime());
    }

    @Test
    void aRoundDueWhileATimedOutRoundRunsRunsAsSoonAsItEnds() {
        ProbeSpec spec = spec("health", Duration.ZERO, ProbeRole.READINESS, SECOND);
        scheduler.start("web", 1, List.of(spec), this::report);
        long start = ticker.nanoTime();
        probeTakes = SECOND; // timeout == interval: each round ends just as the next is due
        script.add(new ProbeOutcome.TimedOut(SECOND));
        script.add(new ProbeOutcome.TimedOut(SECOND));
        whileProbing = () -> scheduler.runDue(ticker.nanoTime()); // the 2nd round comes due meanwhile
        scheduler.runDue(start);
        executor.runAll();
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 2);
        assertThat(reportedAt.get(1) - reportedAt.get(0)).as("one interval apart, not two").isEqualTo(SECOND.toNanos());
        assertThat(lateness).as("the owed round started when due").containsExactly(0L, 0L);
        assertThat(executor.pending()).isZero();
    }

    @Test
    void anOwedRoundLaterThanTheLatenessLimitIsSkipped() {
        ProbeSpec spec = spec("health", Duration.ZERO, ProbeRole.READINESS, SECOND);
        scheduler.start("web", 1, List.of(spec), this::report);
        probeTakes = Duration.ofMillis(2500); // stalled: the round due at +1 s could only start at +2.5 s
        script.add(new ProbeOutcome.TimedOut(SECOND));
        whileProbing = () -> scheduler.runDue(ticker.nanoTime());
        scheduler.runDue(ticker.nanoTime());
        executor.runAll();
        assertThat(reports).hasSize(1);
        assertThat(executor.pending()).isZero();
        // Nothing is in flight any more: the next round due launches.
        ticker.advance(Duration.ofMillis(500));
        probeTakes = Duration.ZERO;
        script.add(OK);
        scheduler.runDue(ticker.nanoTime());
        assertThat(executor.pending()).isEqualTo(1);
    }

    @Test
    void aNewLivenessProbeCountsFailuresOnlyAfterItsFirstSuccess() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), this::report);
        rounds(BAD, BAD, OK, BAD);
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(0, 0, 0, 1);
        assertThat(reports).extracting(ProbeReport::counted).containsExactly(false, false, true, true);
        assertThat(reports.getFirst().outcome()).as("the raw result is still reported").isEqualTo(BAD);
    }

    @Test
    void aNewLivenessProbeCountsFailuresAfterItsStartWindowWithoutASuccess() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ofSeconds(2))), this::report);
        ticker.advance(Duration.ofSeconds(2));
        // Rounds at +0, +1, +2 s of the first due time are in the 3-interval window; +3 s is not.
        rounds(BAD, BAD, BAD, BAD, BAD);
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(0, 0, 0, 1, 2);
    }

    @Test
    void readinessProbesHaveNoStartWindow() {
        scheduler.start("web", 1, List.of(spec("ready", Duration.ZERO, ProbeRole.READINESS, Duration.ofMillis(500))),
                this::report);
        rounds(BAD);
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1);
    }

    @Test
    void firstRoundRunsAfterStartGraceThenEveryInterval() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ofSeconds(5))), reports::add);
        long start = ticker.nanoTime();
        assertThat(scheduler.runDue(ticker.nanoTime())).isEqualTo(start + Duration.ofSeconds(5).toNanos());
        assertThat(executor.pending()).isZero();

        ticker.advance(Duration.ofSeconds(5));
        script.add(OK);
        assertThat(scheduler.runDue(ticker.nanoTime())).isEqualTo(ticker.nanoTime() + SECOND.toNanos());
        executor.runAll();
        ticker.advance(SECOND);
        script.add(OK);
        scheduler.runDue(ticker.nanoTime());
        executor.runAll();

        assertThat(reports).extracting(ProbeReport::consecutiveSuccesses).containsExactly(1, 2);
        assertThat(reports.getFirst()).isEqualTo(new ProbeReport("web", "health", ProbeRole.LIVENESS, Optional.of("ui"), 1,
                OK, 0, 1, false, false));
        assertThat(lateness).containsExactly(0L, 0L);
    }

    @Test
    void debouncesFailuresIntoAVerdictAndBack() {
        scheduler.start("web", 1, List.of(counting("health")), reports::add);
        rounds(BAD, BAD, BAD, BAD, OK);
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 2, 3, 4, 0);
        assertThat(reports).extracting(ProbeReport::failing).containsExactly(false, false, true, true, false);
        assertThat(reports).extracting(ProbeReport::verdictChanged).containsExactly(false, false, true, false, true);
    }

    @Test
    void aNewInstanceStartsItsCountersAtZero() {
        scheduler.start("web", 1, List.of(counting("health")), reports::add);
        rounds(BAD, BAD);
        scheduler.start("web", 2, List.of(counting("health")), reports::add);
        rounds(BAD);
        assertThat(reports.getLast().instance()).isEqualTo(2);
        assertThat(reports.getLast().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aRoundInFlightOfAnOlderInstanceIsNeverDelivered() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        script.add(BAD);
        scheduler.runDue(ticker.nanoTime());
        scheduler.start("web", 2, List.of(spec("health", Duration.ofSeconds(30))), reports::add);
        executor.runAll();
        assertThat(reports).isEmpty();
    }

    @Test
    void stopEndsRoundsAndDeliveries() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO), spec("ready", Duration.ZERO)), reports::add);
        script.add(BAD);
        script.add(BAD);
        scheduler.runDue(ticker.nanoTime());
        scheduler.stop("web", List.of("health"));
        executor.runAll();
        assertThat(reports).extracting(ProbeReport::probe).containsExactly("ready");

        scheduler.stopAll("web");
        ticker.advance(SECOND);
        scheduler.runDue(ticker.nanoTime());
        assertThat(executor.pending()).isZero();
    }

    @Test
    void atMostOneRoundOfAProbeInFlight() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        scheduler.runDue(ticker.nanoTime());
        ticker.advance(SECOND);
        scheduler.runDue(ticker.nanoTime());
        assertThat(executor.pending()).isEqualTo(1);
    }

    @Test
    void aFailureOfARoundThatStartedFarTooLateIsUnknown() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        script.add(BAD);
        scheduler.runDue(ticker.nanoTime());
        // The probe thread got to run 1.5 s after the round was due: the daemon was starved.
        ticker.advance(Duration.ofMillis(1500));
        executor.runAll();
        assertThat(reports.getFirst().outcome()).isEqualTo(new ProbeOutcome.Unknown(Duration.ofMillis(1500)));
        assertThat(reports.getFirst().consecutiveFailures()).isZero();
    }

    @Test
    void aSuccessOfALateRoundStillCounts() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        script.add(OK);
        scheduler.runDue(ticker.nanoTime());
        ticker.advance(Duration.ofSeconds(3));
        executor.runAll();
        assertThat(reports.getFirst().outcome()).isEqualTo(OK);
        assertThat(lateness).containsExactly(Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aFailureOfARoundThatOverranItsTimeoutFarIsUnknown() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        probeTakes = Duration.ofMillis(500 + 1200);
        rounds(new ProbeOutcome.TimedOut(Duration.ofMillis(500)));
        assertThat(reports.getFirst().outcome()).isEqualTo(new ProbeOutcome.Unknown(Duration.ofMillis(1200)));
    }

    @Test
    void lateLimitIsASecondOrHalfTheInterval() {
        assertThat(ProbeScheduler.lateLimit(Duration.ofSeconds(1))).isEqualTo(SECOND);
        assertThat(ProbeScheduler.lateLimit(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProbeScheduler.judgeLateness(BAD, 999_999_999, 0, 1_000_000_000)).isEqualTo(BAD);
        assertThat(ProbeScheduler.judgeLateness(BAD, 1_000_000_001, 0, 1_000_000_000)).isInstanceOf(ProbeOutcome.Unknown.class);
    }

    @Test
    void roundsMissedInAStallAreSkippedKeepingThePhase() {
        scheduler.start("web", 1, List.of(spec("health", Duration.ZERO)), reports::add);
        long start = ticker.nanoTime();
        script.add(OK);
        scheduler.runDue(start);
        executor.runAll();
        ticker.advance(Duration.ofMillis(5500));
        script.add(OK);
        assertThat(scheduler.runDue(ticker.nanoTime())).isEqualTo(start + Duration.ofSeconds(6).toNanos());
        assertThat(executor.pending()).isEqualTo(1);
    }

    @Test
    void unprobeableRoundsAreReportedAndNeverCounted() {
        scheduler.start("web", 1, List.of(counting("health")), reports::add);
        rounds(BAD, new ProbeOutcome.Unprobeable("command not found or not executable: x"), BAD);
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 1, 2);
    }

    @Test
    void runNowRunsARoundAtOnceAndKeepsTheSchedule() {
        scheduler.start("web", 1, List.of(counting("health"), counting("other")), this::report);
        long start = ticker.nanoTime();
        script.add(BAD);
        scheduler.runDue(start); // the scheduled round at +0
        executor.runAll();
        ticker.advance(Duration.ofMillis(300));

        assertThat(scheduler.runNow("web", List.of("health", "gone"))).containsExactly("health");
        script.add(BAD);
        long next = scheduler.runDue(ticker.nanoTime());
        assertThat(executor.pending()).as("only the asked probe runs now").isEqualTo(1);
        executor.runAll();
        assertThat(reports).extracting(ProbeReport::probe).containsExactly("health", "other", "health");
        assertThat(reports.getLast().consecutiveFailures()).as("counted like any round").isEqualTo(2);
        assertThat(next).as("the schedule keeps its phase").isEqualTo(start + SECOND.toNanos());
    }

    @Test
    void runNowOfAProbeInFlightRunsRightAfterIt() {
        scheduler.start("web", 1, List.of(counting("health")), this::report);
        script.add(OK);
        script.add(BAD);
        whileProbing = () -> {
            scheduler.runNow("web", List.of("health"));
            scheduler.runDue(ticker.nanoTime());
        };
        scheduler.runDue(ticker.nanoTime());
        executor.runAll();
        assertThat(reports).extracting(ProbeReport::outcome).containsExactly(OK, BAD);
        assertThat(scheduler.runNow("web", List.of("nothing"))).isEmpty();
    }

    /** Runs one round per outcome, a second apart. */
    private void rounds(ProbeOutcome... outcomes) {
        for (ProbeOutcome outcome : outcomes) {
            script.add(outcome);
            scheduler.runDue(ticker.nanoTime());
            executor.runAll();
            ticker.advance(SECOND.minus(probeTakes));
        }
    }

    private static ProbeSpec spec(String name, Duration startGrace) {
        return spec(name, startGrace, ProbeRole.LIVENESS, Duration.ofMillis(500));
    }

    /** A probe whose every failure counts from the first round: readiness has no start window. */
    private static ProbeSpec counting(String name) {
        return spec(name, Duration.ZERO, ProbeRole.READINESS, Duration.ofMillis(500));
    }

    private static ProbeSpec spec(String name, Duration startGrace, ProbeRole role, Duration timeout) {
        return new ProbeSpec(name, new ProbeTarget.Tcp(new Endpoint.Tcp("127.0.0.1", 1)), Optional.of("ui"),
                SECOND, timeout, startGrace, 3, 1, role, new SourceRef(Path.of("services.toml"), 1, 1));
    }

    /** Runs submitted rounds only when told to. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int pending() {
            return tasks.size();
        }

        void runAll() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }
}
