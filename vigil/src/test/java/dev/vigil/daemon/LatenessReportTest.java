package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenessReportTest {

    @Test
    void reportsPercentilesOfThePeriodAndStartsOver() {
        LatenessReport report = new LatenessReport();
        for (int i = 0; i < 98; i++) {
            report.accept(150_000); // 0.15 ms
        }
        report.accept(25_000_000); // 25 ms
        report.accept(2_000_000_000); // 2 s: beyond the buckets
        assertThat(report.drain(Duration.ofSeconds(30)))
                .isEqualTo("probe lateness over 30s: rounds 100, p50 0.2 ms, p99 25.1 ms, max 2000.0 ms");
        assertThat(report.drain(Duration.ofSeconds(30))).isEqualTo("probe lateness over 30s: rounds 0, p50 - ms, p99 - ms, max 0.0 ms");
    }
}
