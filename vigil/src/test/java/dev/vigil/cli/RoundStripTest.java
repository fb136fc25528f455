package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.ProbeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundStripTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static List<ProbeResult> rounds(String... outcomes) {
        return java.util.stream.IntStream.range(0, outcomes.length)
                .mapToObj(i -> new ProbeResult(outcomes[i], null, 1L, NOW.plusSeconds(i))).toList();
    }

    @Test
    void oneGlyphPerRoundOldestFirst() {
        List<ProbeResult> r = rounds("healthy", "healthy", "healthy", "unhealthy", "timed_out", "unprobeable", "unknown", "new_outcome");
        assertThat(RoundStrip.UNICODE.render(r)).isEqualTo("✓✓✓✗✗???");
        assertThat(RoundStrip.ASCII.render(r)).isEqualTo("...xx???");
        assertThat(RoundStrip.UNICODE.render(List.of())).isEmpty();
    }

    @Test
    void glyphsOnlyForAUtf8LocaleWithoutPlainOutputAsked() {
        assertThat(RoundStrip.forEnvironment(Map.of("LANG", "en_US.UTF-8"))).isEqualTo(RoundStrip.UNICODE);
        assertThat(RoundStrip.forEnvironment(Map.of("LC_ALL", "C.utf8", "LANG", "C"))).isEqualTo(RoundStrip.UNICODE);
        assertThat(RoundStrip.forEnvironment(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isEqualTo(RoundStrip.ASCII);
        assertThat(RoundStrip.forEnvironment(Map.of())).isEqualTo(RoundStrip.ASCII);
        assertThat(RoundStrip.forEnvironment(Map.of("LANG", "en_US.UTF-8", "NO_COLOR", "1"))).isEqualTo(RoundStrip.ASCII);
        assertThat(RoundStrip.forEnvironment(Map.of("LANG", "en_US.UTF-8", "NO_COLOR", ""))).isEqualTo(RoundStrip.UNICODE);
        assertThat(RoundStrip.forEnvironment(Map.of("LANG", "en_US.UTF-8", "TERM", "dumb"))).isEqualTo(RoundStrip.ASCII);
    }
}
