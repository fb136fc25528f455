package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<ReadinessCheck.Result> verdict = new AtomicReference<>(ReadinessCheck.ready());
    private CheckRunner runner;

    @AfterEach
    void releaseTheCheckThread() {
        release.countDown();
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aHangingCheckIsNotReadyOnceItsTimeoutHasPassedOnTheWatchdogsClock() {
        CountDownLatch entered = new CountDownLatch(1);
        runner = new CheckRunner("db", Duration.ofSeconds(2), () -> {
            entered.countDown();
            release.await();
            return verdict.get();
        });
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT, Optional.empty(), Duration.ofSeconds(10), List.of(runner));
        rig.readiness.ready();
        HealthSnapshot first = rig.watchdog.evaluate(rig.clock.now);
        assertThat(first.ready()).isFalse();
        assertThat(first.notReadyReasons()).containsExactly("check 'db' has not completed yet");
        assertThat(rig.tick(Duration.ofSeconds(1)).notReadyReasons()).containsExactly("check 'db' has not completed yet");
        assertThat(rig.tick(Duration.ofSeconds(2)).notReadyReasons()).singleElement().asString()
                .startsWith("check 'db' timed out: running for 3000 ms > timeout 2000 ms");

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.watchdog.evaluate(rig.clock.now).checks().getFirst().ready());
    }

    @Test
    void aThrowingOrFailingCheckGivesItsReason() {
        AtomicReference<Boolean> fail = new AtomicReference<>(true);
        runner = new CheckRunner("cache", Duration.ofSeconds(2), () -> {
            if (fail.get()) {
                throw new IllegalStateException("cache cold");
            }
            return ReadinessCheck.notReady("warming 40%");
        });
        Fakes.Rig rig = new Fakes.Rig(StallPolicy.REPORT, Optional.empty(), Duration.ofSeconds(10), List.of(runner));
        rig.readiness.ready();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.watchdog.evaluate(rig.clock.now).notReadyReasons()
                .equals(List.of("check 'cache': threw java.lang.IllegalStateException: cache cold")));
        fail.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.watchdog.evaluate(rig.clock.now).notReadyReasons()
                .equals(List.of("check 'cache': warming 40%")));
    }
}
