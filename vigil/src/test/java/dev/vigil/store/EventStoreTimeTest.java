package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventStoreTimeTest {
    @Test
    void microsecondsRoundTripIncludingBeforeTheEpoch() {
        for (String text : new String[] {"2026-11-22T10:00:00.123456Z", "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z"}) {
            Instant at = Instant.parse(text);
            assertThat(EventStore.instant(EventStore.micros(at))).isEqualTo(at);
        }
        assertThat(EventStore.instant(EventStore.micros(Instant.parse("2026-11-22T10:00:00.123456789Z"))))
                .isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
    }
}
