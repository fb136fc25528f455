package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.BackoffSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final long S = 1_000_000_000L;
    final BackoffSpec spec = new BackoffSpec(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.1, Duration.ofSeconds(30));

    @Test
    void growsByTheMultiplierFromInitial() {
        assertThat(Backoff.delayNanos(spec, 1, 0)).isEqualTo(1 * S);
        assertThat(Backoff.delayNanos(spec, 2, 0)).isEqualTo(2 * S);
        assertThat(Backoff.delayNanos(spec, 3, 0)).isEqualTo(4 * S);
        assertThat(Backoff.delayNanos(spec, 5, 0)).isEqualTo(16 * S);
    }

    @Test
    void isCappedAtMaxEvenForHugeAttempts() {
        assertThat(Backoff.delayNanos(spec, 6, 0)).isEqualTo(30 * S);
        assertThat(Backoff.delayNanos(spec, 10_000, 0)).isEqualTo(30 * S);
        assertThat(Backoff.delayNanos(spec, Integer.MAX_VALUE, 0)).isEqualTo(30 * S);
    }

    @Test
    void jitterSpreadsWithinPlusMinusTheFraction() {
        assertThat(Backoff.delayNanos(spec, 2, -1.0)).isEqualTo(1_800_000_000L);
        assertThat(Backoff.delayNanos(spec, 2, 1.0)).isEqualTo(2_200_000_000L);
        assertThat(Backoff.delayNanos(spec, 2, 0.5)).isEqualTo(2_100_000_000L);
        // Samples outside [-1, 1] are clamped, so a broken jitter source cannot stretch the bounds.
        assertThat(Backoff.delayNanos(spec, 2, 7.0)).isEqualTo(2_200_000_000L);
        assertThat(Backoff.delayNanos(spec, 6, -3.0)).isEqualTo(27 * S);
    }

    @Test
    void randomJitterStaysInItsBounds() {
        Jitter random = Jitter.random();
        for (int i = 0; i < 1_000; i++) {
            assertThat(Backoff.delayNanos(spec, 3, random.sample())).isBetween(3_600_000_000L, 4_400_000_000L);
        }
    }

    @Test
    void attemptStartsOverAfterAStablePeriod() {
        assertThat(Backoff.nextAttempt(spec, 4, 29 * S)).isEqualTo(5);
        assertThat(Backoff.nextAttempt(spec, 4, 30 * S)).isEqualTo(1);
        assertThat(Backoff.nextAttempt(spec, 0, 0)).isEqualTo(1);
    }
}
