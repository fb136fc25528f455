package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextActionTextTest {
    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant AT = SENT.plusSeconds(295);

    @Test
    void aTimedActionCountsDownFromTheReadersClock() {
        String sent = NextActionText.timed("retry", AT, SENT);
        assertThat(sent).isEqualTo("retry in 4m55s");
        assertThat(NextActionText.asOf(sent, AT, SENT.plusSeconds(55))).isEqualTo("retry in 4m00s");
        assertThat(NextActionText.asOf("restart (attempt 3) in 2s", SENT.plusSeconds(2), SENT.plusMillis(1500)))
                .isEqualTo("restart (attempt 3) in 500ms");
    }

    @Test
    void aPassedTimeReadsAsNow() {
        assertThat(NextActionText.asOf("retry in 4m55s", AT, AT.plusSeconds(3))).isEqualTo("retry in 0ms");
    }

    @Test
    void anUntimedActionIsPrintedAsSent() {
        assertThat(NextActionText.asOf("warn only (on_degraded = warn)", null, SENT)).isEqualTo("warn only (on_degraded = warn)");
        assertThat(NextActionText.asOf("restart after 1 more failure of health", null, SENT))
                .isEqualTo("restart after 1 more failure of health");
        assertThat(NextActionText.asOf(null, AT, SENT)).isNull();
    }
}
