package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("interval", "timeout", "start_grace", "failures", "restart");

    @Test
    void suggestsTyposSwapsAndDashes() {
        assertThat(Suggestions.closest("intervall", KEYS)).contains("interval");
        assertThat(Suggestions.closest("timoeut", KEYS)).contains("timeout");
        assertThat(Suggestions.closest("start-grace", KEYS)).contains("start_grace");
        assertThat(Suggestions.closest("Restart", KEYS)).contains("restart");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", KEYS)).isEmpty();
    }

    @Test
    void distanceCountsAnAdjacentSwapAsOneEdit() {
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
