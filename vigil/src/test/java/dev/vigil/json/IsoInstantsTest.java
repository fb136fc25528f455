package dev.vigil.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The arithmetic reader agrees with {@link Instant#parse} on every text, valid or not. */
class IsoInstantsTest {

    @Test
    void everyInstantWrittenByToStringReadsBackEqual() {
        SplittableRandom random = new SplittableRandom(29);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(min, max + 1);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstants.parse(at.toString())).as(at.toString()).isEqualTo(at);
        }
    }

    @Test
    void datesAroundLeapDaysAndEraBoundariesAgree() {
        for (String s : List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00Z",
                "2024-02-29T00:00:00.5Z", "1600-03-01T00:00:00Z", "0000-02-29T00:00:00Z", "2026-11-23T10:15:30.12Z")) {
            assertThat(IsoInstants.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void whatTheFastPathDoesNotTakeIsInstantParsesToAcceptOrRefuse() {
        assertThat(IsoInstants.parse("2026-11-23T10:15:30+01:00")).isEqualTo(Instant.parse("2026-11-23T10:15:30+01:00"));
        assertThat(IsoInstants.parse("+10000-01-01T00:00:00Z")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
        for (String bad : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T10:60:00Z",
                "2026-11-23T10:15:30.1234567890Z", "2026-11-23 10:15:30Z", "2026-1a-23T10:15:30Z",
                "yesterday", "")) {
            assertThatThrownBy(() -> IsoInstants.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Instant.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
        // Texts the fast path leaves alone because they are not canonical, which Instant.parse still reads.
        for (String odd : List.of("2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z", "2026-11-23T10:15:30.Z")) {
            assertThat(IsoInstants.parse(odd)).as(odd).isEqualTo(Instant.parse(odd));
        }
    }
}
