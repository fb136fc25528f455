package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the store says it is not recording, with a fake monotonic clock. */
class RecordingStatusTest {
    private static final long SECOND = 1_000_000_000L;
    private final RecordingStatus status = new RecordingStatus("events", Duration.ofMinutes(1));

    @Test
    void theFirstFailureIsSaidAtOnceThenAtMostOncePerIntervalThenTheRecovery() {
        assertThat(status.failed(0, 5, "disk full")).contains(
                new RecordingReport.NotRecorded("events", 5, 0, 0, "disk full"));
        for (long t = 1; t < 60; t++) {
            assertThat(status.failed(t * SECOND, 5, "disk full")).isEmpty();
        }
        assertThat(status.dropped(30 * SECOND, 7, 65_536, "queue full")).isEmpty();
        assertThat(status.tick(60 * SECOND, 65_536)).contains(
                new RecordingReport.NotRecorded("events", 65_536, 7, 7, "disk full"));
        assertThat(status.tick(61 * SECOND, 65_536)).isEmpty();

        assertThat(status.wrote(90 * SECOND)).contains(new RecordingReport.Resumed("events", 7, Duration.ofSeconds(90)));
        assertThat(status.wrote(91 * SECOND)).isEmpty();
        assertThat(status.failing()).isFalse();
    }

    @Test
    void dropsWhileWritingWorksAreSaidAtOnceTheFirstTimeThenRateLimited() {
        assertThat(status.dropped(0, 3, 100, "queue full")).contains(
                new RecordingReport.NotRecorded("events", 100, 3, 3, "queue full"));
        assertThat(status.dropped(SECOND, 2, 100, "queue full")).isEmpty();
        assertThat(status.tick(59 * SECOND, 0)).isEmpty();
        assertThat(status.tick(60 * SECOND, 0)).contains(new RecordingReport.NotRecorded("events", 0, 2, 5, "queue full"));
        assertThat(status.tick(200 * SECOND, 0)).as("nothing new to say").isEmpty();
        assertThat(status.lostTotal()).isEqualTo(5);
    }

    @Test
    void whatIsLostWhenTheDaemonStopsIsAlwaysSaid() {
        status.failed(0, 10, "disk full");
        assertThat(status.lostAtEnd(SECOND, 10, "disk full"))
                .isEqualTo(new RecordingReport.NotRecorded("events", 0, 10, 10, "disk full"));
    }
}
