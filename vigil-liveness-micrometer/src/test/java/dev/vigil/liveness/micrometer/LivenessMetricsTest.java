package dev.vigil.liveness.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.liveness.Heartbeat;
import dev.vigil.liveness.Liveness;
import dev.vigil.liveness.Notifier;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real agent (its own watchdog thread, real clock) bound to a real SimpleMeterRegistry. */
class LivenessMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Liveness liveness;

    @AfterEach
    void close() {
        if (liveness != null) {
            liveness.close();
        }
        registry.close();
    }

    private Liveness start() {
        return Liveness.builder().port(-1).notifier(Notifier.none()).samplingPeriod(Duration.ofMillis(20)).start();
    }

    private double gauge(String name, String heartbeat) {
        return registry.get(name).tag("heartbeat", heartbeat).timeGauge().value(TimeUnit.MILLISECONDS);
    }

    @Test
    void aSilentLoopShowsAsAStallAnAgeOverItsBudgetAndLivenessZero() {
        liveness = start();
        Heartbeat render = liveness.heartbeat("render", Duration.ofHours(1));
        liveness.heartbeat("poll", Duration.ofMillis(50)); // never beats
        render.beat();
        // A heartbeat is in status() from the watchdog's next sample on; bind once both are there.
        await().atMost(Duration.ofSeconds(20)).until(() -> liveness.status().heartbeats().size() == 2);
        new LivenessMetrics(liveness, Tags.of("service", "renderer")).bindTo(registry);

        await().atMost(Duration.ofSeconds(20)).until(
                () -> registry.get("vigil.liveness.heartbeat.stalls").tag("heartbeat", "poll").functionCounter().count() == 1.0);
        assertThat(registry.get("vigil.liveness.live").tag("service", "renderer").gauge().value()).isZero();
        assertThat(gauge("vigil.liveness.heartbeat.age", "poll")).isGreaterThan(50.0);
        assertThat(gauge("vigil.liveness.heartbeat.budget", "poll")).isEqualTo(50.0);
        assertThat(gauge("vigil.liveness.heartbeat.budget", "render")).isEqualTo(3_600_000.0);
        assertThat(registry.get("vigil.liveness.heartbeat.stalls").tag("heartbeat", "render").functionCounter().count()).isZero();
        assertThat(registry.get("vigil.liveness.ready").gauge().value()).isZero();
    }

    @Test
    void pausePercentilesAreExposedAsTimeGauges() {
        liveness = start();
        new LivenessMetrics(liveness).bindTo(registry);
        await().atMost(Duration.ofSeconds(20)).until(() -> liveness.status().pauses().samples() >= 5);
        double p99 = registry.get("vigil.liveness.pause").tag("quantile", "0.99").timeGauge().value(TimeUnit.MILLISECONDS);
        double max = registry.get("vigil.liveness.pause").tag("quantile", "max").timeGauge().value(TimeUnit.MILLISECONDS);
        assertThat(p99).isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(max);
    }

    @Test
    void aLiveAndReadyAgentReadsOneAndLaterHeartbeatsAreBoundOnRequest() {
        liveness = start();
        LivenessMetrics metrics = new LivenessMetrics(liveness);
        metrics.bindTo(registry);
        liveness.ready();
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.get("vigil.liveness.ready").gauge().value() == 1.0);
        assertThat(registry.get("vigil.liveness.live").gauge().value()).isEqualTo(1.0);

        liveness.heartbeat("late", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> liveness.status().heartbeats().size() == 1);
        assertThat(registry.find("vigil.liveness.heartbeat.age").tag("heartbeat", "late").timeGauge()).isNull();
        metrics.bindNewHeartbeats();
        assertThat(gauge("vigil.liveness.heartbeat.budget", "late")).isEqualTo(30_000.0);
    }
}
