package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    @Test
    void aBeatingLoopStaysFresh() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("poll", BUDGET);
        HealthSnapshot s = null;
        for (int i = 0; i < 20; i++) {
            hb.beat();
            s = rig.tick(PERIOD);
        }
        assertThat(s.live()).isTrue();
        assertThat(s.heartbeats()).singleElement().satisfies(h -> {
            assertThat(h.state()).isEqualTo(HeartbeatWatch.State.FRESH);
            assertThat(h.stalls()).isZero();
        });
    }

    @Test
    void aSilentLoopIsStalledOnlyOnceItsBudgetHasPassed() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("poll", BUDGET);
        hb.beat();
        rig.tick(PERIOD); // the beat is seen, dated now
        for (int i = 0; i < 5; i++) {
            assertThat(rig.tick(PERIOD).live()).as("after %d s of silence", i + 1).isTrue();
        }
        HealthSnapshot stalled = rig.tick(PERIOD);
        assertThat(stalled.live()).isFalse();
        assertThat(stalled.notLiveReasons()).singleElement().asString().contains("heartbeat 'poll' stalled");
        assertThat(stalled.heartbeats().getFirst().stalls()).isEqualTo(1);
        assertThat(rig.halter.statuses).isEmpty(); // REPORT does not halt
    }

    @Test
    void aStalledLoopRecoversWhenItBeatsAgainAndCountsEachStall() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("poll", BUDGET);
        assertThat(rig.tick(Duration.ofSeconds(6)).live()).isFalse();
        hb.beat();
        assertThat(rig.tick(PERIOD).live()).isTrue();
        HealthSnapshot again = rig.tick(Duration.ofSeconds(6));
        assertThat(again.live()).isFalse();
        assertThat(again.heartbeats().getFirst().stalls()).isEqualTo(2);
    }

    @Test
    void anIdleLoopIsNeverStalledAndBusyRestartsTheBudget() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("consumer", BUDGET);
        hb.idle();
        assertThat(rig.tick(Duration.ofHours(3)).heartbeats().getFirst().state()).isEqualTo(HeartbeatWatch.State.IDLE);
        hb.busy();
        for (int i = 0; i < 6; i++) {
            assertThat(rig.tick(PERIOD).live()).as("%d s after busy()", i + 1).isTrue();
        }
        assertThat(rig.tick(PERIOD).live()).isFalse();
    }

    @Test
    void aJvmWidePauseIsNotBlamedOnTheLoop() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("poll", BUDGET);
        hb.beat();
        rig.tick(PERIOD);
        // The watchdog asked to wake after 1 s and woke 8 s late: the whole JVM stood still.
        HealthSnapshot afterPause = rig.watchdog.onScheduledWake(rig.clock.advance(Duration.ofSeconds(9)), Duration.ofSeconds(8).toNanos());
        assertThat(afterPause.live()).isTrue();
        assertThat(afterPause.pauses().maxNanos()).isEqualTo(Duration.ofSeconds(8).toNanos());
        // Real silence after the pause still counts.
        assertThat(rig.tick(Duration.ofSeconds(5)).live()).isFalse();
    }

    @Test
    void haltPolicyWritesTheStalledThreadsStackThenHaltsWith70() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.HALT);
        Heartbeat hb = rig.heartbeat("poll", BUDGET);
        hb.beat(); // owner: this test thread
        rig.tick(PERIOD);
        assertThat(rig.halter.statuses).isEmpty();
        rig.tick(Duration.ofSeconds(6));
        assertThat(rig.halter.statuses).containsExactly(70);
        assertThat(rig.haltReport())
                .contains("heartbeat 'poll' stalled")
                .contains('"' + Thread.currentThread().getName() + '"')
                .contains("at com.example.Poller.readUpstream(Poller.java:42)")
                .contains("halting with status 70");
        assertThat(rig.notifier.sent).contains("WATCHDOG=trigger");
    }

    @Test
    void deadlocksTurnLivenessRedAreScannedOnlyAtTheirIntervalAndHaltUnderHalt() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.HALT, Optional.empty(), Duration.ofSeconds(10), List.of());
        rig.tick(PERIOD);
        int scans = rig.inspector.deadlockScans;
        rig.inspector.deadlocked = List.of("worker-a#31 waiting for lock-b held by worker-b",
                "worker-b#32 waiting for lock-a held by worker-a");
        assertThat(rig.tick(PERIOD).live()).as("not rescanned before the interval").isTrue();
        HealthSnapshot s = rig.tick(Duration.ofSeconds(10));
        assertThat(rig.inspector.deadlockScans).isEqualTo(scans + 1);
        assertThat(s.live()).isFalse();
        assertThat(HealthDocuments.detail(s)).contains("worker-a#31").contains("worker-b#32");
        assertThat(rig.halter.statuses).containsExactly(70);
    }

    @Test
    void readinessFollowsTheApplicationsDeclarations() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        HealthSnapshot starting = rig.tick(PERIOD);
        assertThat(starting.started()).isFalse();
        assertThat(starting.ready()).isFalse();
        rig.readiness.ready();
        assertThat(rig.watchdog.evaluate(rig.clock.now).ready()).isTrue();
        rig.readiness.notReady("draining");
        HealthSnapshot draining = rig.watchdog.evaluate(rig.clock.now);
        assertThat(draining.started()).isTrue();
        assertThat(draining.ready()).isFalse();
        assertThat(draining.notReadyReasons()).containsExactly("draining");
    }

    @Test
    void aStalledServiceIsNotReadyEither() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        rig.readiness.ready();
        rig.heartbeat("poll", BUDGET);
        assertThat(rig.tick(Duration.ofSeconds(6)).ready()).isFalse();
    }

    @Test
    void aSilentLoopTurnsRedAtItsDeadlineBetweenSamplesNeverBefore() {
        Duration period = Duration.ofMillis(250);
        Duration budget = Duration.ofMillis(900);
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("render", budget);
        rig.tick(period);
        rig.clock.advance(Duration.ofMillis(10));
        long lastBeat = rig.clock.now;
        hb.beat(); // the loop's last beat, 10 ms after a sample; it falls silent from here
        rig.tick(Duration.ofMillis(240));
        long seenAt = rig.clock.now; // the sample that sees the beat dates it
        for (int i = 0; i < 3; i++) {
            long nextSample = rig.clock.now + period.toNanos();
            assertThat(rig.watchdog.nextWakeNanos(nextSample)).as("no deadline before the next sample").isEqualTo(nextSample);
            assertThat(rig.tick(period).live()).isTrue();
        }
        long nextSample = rig.clock.now + period.toNanos(); // seenAt + 1000 ms
        long wake = rig.watchdog.nextWakeNanos(nextSample);
        assertThat(wake).isEqualTo(seenAt + budget.toNanos() + 1).isLessThan(nextSample);
        assertThat(rig.watchdog.evaluate(wake - 1).live()).as("exactly at the budget: not yet").isTrue();
        rig.clock.now = wake;
        HealthSnapshot red = rig.watchdog.evaluate(wake);
        assertThat(red.live()).isFalse();
        assertThat(Duration.ofNanos(wake - lastBeat)).isGreaterThan(budget).isLessThanOrEqualTo(budget.plus(period));
        assertThat(rig.watchdog.nextWakeNanos(nextSample)).as("a stalled heartbeat asks for no early wake").isEqualTo(nextSample);
    }

    @Test
    void idleHeartbeatsAskForNoEarlyWake() {
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        Heartbeat hb = rig.heartbeat("consumer", Duration.ofMillis(100));
        hb.idle();
        rig.tick(Duration.ofMillis(250));
        long nextSample = rig.clock.now + Duration.ofMillis(250).toNanos();
        assertThat(rig.watchdog.nextWakeNanos(nextSample)).isEqualTo(nextSample);
    }

    @Test
    void theDefaultSamplingPeriodIsInTheRangeThatKeepsRedCloseToTheBudget() {
        assertThat(Liveness.Builder.DEFAULT_SAMPLING_PERIOD).isBetween(Duration.ofMillis(100), Duration.ofMillis(250));
    }

    /**
     * The loop evaluates at once whenever the next wake is not in the future; under SCHED_RR that
     * would be a spin starving a core. Whatever the heartbeats do, an evaluation at {@code now}
     * must leave the next wake after {@code now}.
     */
    @Test
    void afterAnyEvaluationTheNextWakeIsInTheFuture() {
        java.util.Random random = new java.util.Random(17);
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT);
        List<Heartbeat> beats = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            beats.add(rig.heartbeat("loop-" + i, Duration.ofMillis(1 + random.nextInt(400))));
        }
        long period = Duration.ofMillis(250).toNanos();
        long nextSample = rig.clock.now + period;
        for (int step = 0; step < 500; step++) {
            Heartbeat hb = beats.get(random.nextInt(beats.size()));
            switch (random.nextInt(4)) {
                case 0 -> hb.beat();
                case 1 -> hb.idle();
                case 2 -> hb.busy();
                default -> { }
            }
            long wake = rig.watchdog.nextWakeNanos(nextSample);
            rig.clock.now = Math.max(rig.clock.now, wake - random.nextInt(3)); // sometimes just before it
            if (rig.clock.now - nextSample >= 0) {
                rig.watchdog.onScheduledWake(rig.clock.now, random.nextInt(2) * random.nextInt(50_000_000));
                nextSample = rig.clock.now + period;
            } else {
                rig.watchdog.evaluate(rig.clock.now);
            }
            assertThat(rig.watchdog.nextWakeNanos(nextSample) - rig.clock.now).as("step %d", step).isPositive();
        }
    }
}
