package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.probe.ProbeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-probe ring: oldest first, never more than 60, the newest kept. */
class ProbeHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void keepsRoundsOldestFirst() {
        ProbeHistory history = new ProbeHistory();
        history.add(1, T0, new ProbeOutcome.Healthy(Duration.ofMillis(3), ""));
        history.add(4, T0.plusSeconds(1), new ProbeOutcome.Unhealthy("503", Duration.ofMillis(7)));

        List<ProbeTick> ticks = history.ticks();

        assertThat(ticks).extracting(ProbeTick::seq).containsExactly(1L, 4L);
        assertThat(ticks.get(1).outcome()).isInstanceOf(ProbeOutcome.Unhealthy.class);
        assertThat(ticks.get(1).at()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void holdsTheLastSixtyAndNoMore() {
        ProbeHistory history = new ProbeHistory();
        for (int i = 1; i <= 150; i++) {
            history.add(i, T0.plusSeconds(i), new ProbeOutcome.Healthy(Duration.ofMillis(i), ""));
        }

        List<ProbeTick> ticks = history.ticks();

        assertThat(ticks).hasSize(ProbeHistory.SIZE);
        assertThat(ticks.getFirst().seq()).isEqualTo(91);
        assertThat(ticks.getLast().seq()).isEqualTo(150);
        assertThat(ticks).extracting(ProbeTick::seq).isSorted();
    }

    @Test
    void aCopyDoesNotChangeWithLaterRounds() {
        ProbeHistory history = new ProbeHistory();
        history.add(1, T0, new ProbeOutcome.Healthy(Duration.ofMillis(1), ""));
        List<ProbeTick> before = history.ticks();
        history.add(2, T0.plusSeconds(1), new ProbeOutcome.Healthy(Duration.ofMillis(1), ""));

        assertThat(before).hasSize(1);
        assertThat(history.ticks()).hasSize(2);
    }
}
