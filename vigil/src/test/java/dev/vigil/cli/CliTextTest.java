package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTextTest {

    @Test
    void durationsFormatShortAndParseBack() {
        assertThat(Durations.format(950)).isEqualTo("950ms");
        assertThat(Durations.format(12_000)).isEqualTo("12s");
        assertThat(Durations.format(252_000)).isEqualTo("4m12s");
        assertThat(Durations.format(7_500_000)).isEqualTo("2h05m");
        assertThat(Durations.format(3 * 86_400_000L + 3_600_000)).isEqualTo("3d01h");
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1.5s")).as("the config's syntax, fractions included").isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThatThrownBy(() -> Durations.parse("10x")).hasMessage("'10x' is not a duration: use e.g. 250ms, 90s, 10m, 1h30m, 2d");
        assertThatThrownBy(() -> Durations.parse("-5m")).hasMessageStartingWith("'-5m' is negative");
        for (String bad : List.of("", "10", "m", "10x", "1h 30m", "-5m")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Durations.sinceInstant("10m", now)).isEqualTo(Instant.parse("2026-11-23T09:50:00Z"));
        assertThat(Durations.sinceInstant("2026-11-01T00:00:00Z", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Durations.relative(now.plusSeconds(4), now)).isEqualTo("in 4s");
        assertThat(Durations.relative(now.minusSeconds(40), now)).isEqualTo("40s ago");
    }

    @Test
    void didYouMeanFindsTyposAndPrefixes() {
        List<String> known = List.of("batch", "cron", "os", "web", "worker");
        assertThat(DidYouMean.suggest("wbe", known)).containsExactly("web");
        assertThat(DidYouMean.suggest("wroker", known)).containsExactly("worker");
        assertThat(DidYouMean.suggest("wo", known)).containsExactly("worker");
        assertThat(DidYouMean.suggest("ox", known)).containsExactly("os");
        assertThat(DidYouMean.suggest("zzzzzz", known)).isEmpty();
    }

    @Test
    void statusExitCodesCoverEveryState() {
        assertThat(StatusCommand.exitCode("running")).isEqualTo(0);
        assertThat(StatusCommand.exitCode("degraded")).isEqualTo(1);
        for (String s : List.of("stopped", "failed", "starting", "backoff", "stopping", "something-new")) {
            assertThat(StatusCommand.exitCode(s)).as(s).isEqualTo(3);
        }
    }

    @Test
    void everyStateHasItsOwnGlyphOrWord() {
        assertThat(StateStyle.of("running").label("running")).isEqualTo("● running");
        assertThat(StateStyle.of("degraded").label("degraded")).isEqualTo("◐ degraded");
        assertThat(StateStyle.of("stopped").label("stopped")).isEqualTo("○ stopped");
        assertThat(StateStyle.of("failed").label("failed")).isEqualTo("✕ failed");
        assertThat(StateStyle.of("backoff").label("backoff")).isEqualTo("◌ backoff");
        assertThat(StateStyle.of("starting").label("starting")).isEqualTo("◌ starting");
        assertThat(StateStyle.of("weird").paint("x", false)).isEqualTo("x");
    }
}
