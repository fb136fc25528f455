package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyPolicyTest {
    private static final Duration WATCHDOG_USEC = Duration.ofSeconds(4); // pings every 2 s

    private final Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT, Optional.of(WATCHDOG_USEC), Duration.ofSeconds(10), List.of());

    @Test
    void readyIsSentOnceWhenTheApplicationDeclaresIt() {
        rig.tick(Duration.ofSeconds(1));
        assertThat(rig.notifier.sent).doesNotContain("READY=1");
        rig.readiness.ready();
        rig.watchdog.evaluate(rig.clock.now);
        rig.readiness.notReady("draining");
        rig.watchdog.evaluate(rig.clock.now);
        rig.readiness.ready();
        rig.watchdog.evaluate(rig.clock.now);
        assertThat(rig.notifier.count("READY=1")).isEqualTo(1);
    }

    @Test
    void statusIsSentWhenTheVerdictChangesNotEveryTick() {
        rig.readiness.ready();
        for (int i = 0; i < 5; i++) {
            rig.tick(Duration.ofSeconds(1));
        }
        assertThat(rig.notifier.sent.stream().filter(s -> s.startsWith("STATUS=")).toList())
                .containsExactly("STATUS=live and ready; 0 heartbeat(s) fresh");
    }

    @Test
    void pingsAtHalfTheIntervalOnlyWhileEveryHeartbeatIsFreshAndTriggersOnStall() {
        Heartbeat fast = rig.heartbeat("fast", Duration.ofSeconds(5));
        Heartbeat slow = rig.heartbeat("slow", Duration.ofSeconds(5));
        for (int second = 1; second <= 10; second++) {
            fast.beat();
            slow.beat();
            rig.tick(Duration.ofSeconds(1));
        }
        long pingsWhileFresh = rig.notifier.count("WATCHDOG=1");
        assertThat(pingsWhileFresh).isBetween(5L, 6L);
        assertThat(rig.notifier.sent).doesNotContain("WATCHDOG=trigger");

        for (int second = 1; second <= 20; second++) { // "slow" wedges; "fast" keeps beating
            fast.beat();
            rig.tick(Duration.ofSeconds(1));
        }
        long pingsAfter = rig.notifier.count("WATCHDOG=1") - pingsWhileFresh;
        assertThat(pingsAfter).as("pings only in the 5 s before the stall is confirmed").isLessThanOrEqualTo(3);
        assertThat(rig.notifier.count("WATCHDOG=trigger")).isEqualTo(1);
        assertThat(rig.notifier.sent).anyMatch(s -> s.equals("STATUS=not live: heartbeat 'slow' stalled"));
        int lastPing = rig.notifier.sent.lastIndexOf("WATCHDOG=1");
        assertThat(lastPing).isLessThan(rig.notifier.sent.indexOf("WATCHDOG=trigger"));
    }

    @Test
    void noPingsWithoutAWatchdogInterval() {
        Fakes.Rig quiet = new Fakes.Rig(StallPolicy.REPORT);
        quiet.readiness.ready();
        for (int i = 0; i < 10; i++) {
            quiet.tick(Duration.ofSeconds(1));
        }
        assertThat(quiet.notifier.sent).doesNotContain("WATCHDOG=1").contains("READY=1");
    }

    @Test
    void watchdogUsecIsHonouredOnlyForThisPid() {
        assertThat(SdNotify.watchdogInterval(java.util.Map.of("WATCHDOG_USEC", "3000000"), 42))
                .contains(Duration.ofSeconds(3));
        assertThat(SdNotify.watchdogInterval(java.util.Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "42"), 42))
                .contains(Duration.ofSeconds(3));
        assertThat(SdNotify.watchdogInterval(java.util.Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "7"), 42)).isEmpty();
        assertThat(SdNotify.watchdogInterval(java.util.Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
        assertThat(SdNotify.watchdogInterval(java.util.Map.of(), 42)).isEmpty();
    }

    @Test
    void noNotifySocketMeansNoOp() {
        Notifier notifier = Notifier.fromEnvironment(java.util.Map.of(), 42);
        notifier.send("READY=1"); // must not throw
        assertThat(notifier.watchdogInterval()).isEmpty();
    }
}
