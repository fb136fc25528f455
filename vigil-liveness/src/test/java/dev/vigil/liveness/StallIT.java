package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real loop that stops beating turns /livez red within its budget plus one sampling period. */
class StallIT {
    private static final Duration BUDGET = Duration.ofMillis(600);
    private static final Duration PERIOD = Duration.ofMillis(100);
    /** Scheduling noise on a shared 2-core machine: the watchdog may wake late, HTTP polling adds a little. */
    private static final Duration NOISE = Duration.ofMillis(700);

    private Liveness liveness;

    @AfterEach
    void close() {
        if (liveness != null) {
            liveness.close();
        }
    }

    private int livez() throws Exception {
        return RawHttp.status(liveness.port(), "/livez");
    }

    @Test
    void redWithinBudgetPlusOnePeriodAndGreenAgainAfterABeat() throws Exception {
        liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).samplingPeriod(PERIOD).start();
        Heartbeat hb = liveness.heartbeat("poll", BUDGET);
        hb.beat();
        await().atMost(Duration.ofSeconds(2)).until(() -> livez() == 200);
        hb.beat();
        long lastBeat = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> livez() == 503);
        Duration red = Duration.ofNanos(System.nanoTime() - lastBeat);
        assertThat(red).isGreaterThanOrEqualTo(BUDGET).isLessThanOrEqualTo(BUDGET.plus(PERIOD).plus(NOISE));

        hb.beat();
        await().atMost(Duration.ofSeconds(2)).until(() -> livez() == 200);
    }
}
