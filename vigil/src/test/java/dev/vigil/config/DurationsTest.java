package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "250ms, PT0.25S",
            "5s, PT5S",
            "2m, PT2M",
            "1h, PT1H",
            "1h30m, PT1H30M",
            "1.5s, PT1.5S",
            ".5s, PT0.5S",
            "10us, PT0.00001S",
            "7ns, PT0.000000007S",
            "0, PT0S",
            "0s, PT0S",
            "-1s, PT-1S",
            "' 5s ', PT5S"})
    void parsesUnitsCompoundsAndFractions(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc | is not a duration",
            "5 | needs a unit (ns, us, ms, s, m, h)",
            "5 s | is not a duration",
            "5d | is not a duration",
            "1h-5m | is not a duration",
            "'' | is not a duration",
            "inf | must be finite",
            "-Infinity | must be finite",
            "NaNs | must be finite",
            "0.5ns | is finer than a nanosecond",
            "300y | is not a duration",
            "99999999999999999999h | is too large"})
    void rejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"2d, PT48H", "1d12h, PT36H", "1.5d, PT36H", "90s, PT1M30S", "-1d, PT-24H"})
    void parsesDaysOnlyWhenAskedTo(String text, String iso) {
        assertThat(Durations.parseWithDays(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5 | needs a unit (ns, us, ms, s, m, h, d)",
            "5 d | is not a duration",
            "5w | is not a duration",
            "inf | must be finite"})
    void parsingWithDaysRejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Durations.parseWithDays(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"PT1H30M, 1h30m", "PT0.25S, 250ms", "PT1.5S, 1s500ms", "PT0S, 0s", "PT-5S, -5s", "PT0.000001001S, 1us1ns"})
    void formatsSoThatParseGivesItBack(String iso, String text) {
        Duration d = Duration.parse(iso);
        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @org.junit.jupiter.api.Test
    void latencyPrintsWhatOneDecimalFormatPrintsBelowTenMillisecondsAndWholeMillisecondsAbove() {
        for (long micros = -20_000; micros <= 20_000; micros++) {
            Duration d = Duration.ofNanos(micros * 1_000 + 999); // the nanoseconds below a microsecond are dropped
            long shown = d.toNanos() / 1_000;
            String expected = shown < 10_000
                    ? String.format(java.util.Locale.ROOT, "%.1f ms", shown / 1000.0) : (shown / 1000) + " ms";
            assertThat(Durations.latency(d)).as("%d µs", shown).isEqualTo(expected);
        }
        assertThat(Durations.latency(Duration.ofNanos(1_250_000))).isEqualTo("1.3 ms");
        assertThat(Durations.latency(Duration.ofMillis(250))).isEqualTo("250 ms");
    }
}
