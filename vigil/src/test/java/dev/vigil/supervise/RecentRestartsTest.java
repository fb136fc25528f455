package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Restarts in the last hour (to the minute) and day (to the hour), in fixed memory. */
class RecentRestartsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:30Z");

    @Test
    void countsWhatFallsInTheHourAndTheDay() {
        RecentRestarts r = RecentRestarts.NONE.plus(T0, 1).plus(T0.plusSeconds(10), 2);
        assertThat(r.lastHour(T0.plusSeconds(20))).isEqualTo(3);
        assertThat(r.lastDay(T0.plusSeconds(20))).isEqualTo(3);

        Instant later = T0.plus(Duration.ofMinutes(61));
        assertThat(r.lastHour(later)).isZero();
        assertThat(r.lastDay(later)).isEqualTo(3);
        assertThat(r.lastDay(T0.plus(Duration.ofHours(25)))).isZero();
    }

    @Test
    void aSlotReusedAfterItsHourStartsAgainFromZero() {
        RecentRestarts r = RecentRestarts.NONE.plus(T0, 5);
        // The same minute slot an hour later, and the same hour slot a day later.
        Instant nextHour = T0.plus(Duration.ofHours(1));
        RecentRestarts again = r.plus(nextHour, 1);
        assertThat(again.lastHour(nextHour)).isEqualTo(1);
        Instant nextDay = T0.plus(Duration.ofDays(1));
        assertThat(r.plus(nextDay, 2).lastDay(nextDay)).isEqualTo(2);
    }

    @Test
    void manyRestartsAreAllCounted() {
        RecentRestarts r = RecentRestarts.NONE;
        for (int i = 0; i < 10_000; i++) {
            r = r.plus(T0.plusSeconds(i / 10), 1);
        }
        assertThat(r.lastHour(T0.plusSeconds(1000))).isEqualTo(10_000);
    }

    @Test
    void theOriginalIsUnchanged() {
        RecentRestarts r = RecentRestarts.NONE.plus(T0, 1);
        r.plus(T0, 1);
        assertThat(r.lastHour(T0)).isEqualTo(1);
        assertThat(RecentRestarts.NONE.lastDay(T0)).isZero();
    }
}
