package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusNextRunTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aRoundStillAheadSaysWhen() {
        assertThat(StatusCommand.nextRun(NOW.plusSeconds(2), NOW)).isEqualTo("in " + Durations.format(2000));
    }

    @Test
    void aRoundWhoseTimeHasComeIsDue() {
        assertThat(StatusCommand.nextRun(NOW.minusMillis(27), NOW)).isEqualTo("due");
        assertThat(StatusCommand.nextRun(NOW, NOW)).isEqualTo("due");
    }
}
