package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention against an in-memory history and a fake clock: what goes, in what batches. */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

    /** Rows as instants, oldest first, with the batch sizes each deletion was asked for. */
    private static final class FakeHistory implements Retention.Pruner {
        final java.util.ArrayDeque<Instant> rows = new java.util.ArrayDeque<>();
        final List<Integer> deletions = new ArrayList<>();

        @Override
        public int deleteOlderThan(Instant cutoff, int batch) {
            int n = 0;
            while (n < batch && !rows.isEmpty() && rows.peekFirst().isBefore(cutoff)) {
                rows.removeFirst();
                n++;
            }
            deletions.add(n);
            return n;
        }

        @Override
        public int deleteBeyondNewest(int keep, int batch) {
            int n = Math.max(0, Math.min(batch, rows.size() - keep));
            for (int i = 0; i < n; i++) {
                rows.removeFirst();
            }
            deletions.add(n);
            return n;
        }
    }

    private final FakeHistory history = new FakeHistory();
    private int pauses;

    private Retention retention(Duration age, int rows) {
        return new Retention(history, () -> new Retention.Policy(age, rows), () -> pauses++);
    }

    @Test
    void deletesWhatIsOlderThanTheAgeInSmallBatchesWithAPauseBetween() {
        for (int i = 0; i < 2_000; i++) {
            history.rows.add(T0.plusSeconds(i));
        }
        Instant now = T0.plus(Duration.ofDays(30)).plusSeconds(1_200);

        Retention.Sweep sweep = retention(Duration.ofDays(30), 1_000_000).sweep(now);

        assertThat(sweep).isEqualTo(new Retention.Sweep(1_200, 0));
        assertThat(history.rows).hasSize(800);
        assertThat(history.rows.peekFirst()).isEqualTo(T0.plusSeconds(1_200));
        assertThat(history.deletions).allMatch(n -> n <= Retention.BATCH).startsWith(500, 500, 200);
        assertThat(pauses).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheNewestRowsBeyondTheRowLimit() {
        for (int i = 0; i < 5_000; i++) {
            history.rows.add(T0.plusMillis(i));
        }

        Retention.Sweep sweep = retention(Duration.ofDays(30), 1_000).sweep(T0.plusSeconds(60));

        assertThat(sweep).isEqualTo(new Retention.Sweep(0, 4_000));
        assertThat(history.rows).hasSize(1_000);
        assertThat(history.rows.peekFirst()).isEqualTo(T0.plusMillis(4_000));
    }

    @Test
    void oneSweepIsBoundedAndTheNextContinues() {
        int many = Retention.BATCH * Retention.MAX_BATCHES + 10;
        for (int i = 0; i < many; i++) {
            history.rows.add(T0);
        }
        Retention retention = retention(Duration.ofHours(1), 1_000_000);

        assertThat(retention.sweep(T0.plus(Duration.ofDays(1))).byAge()).isEqualTo((long) Retention.BATCH * Retention.MAX_BATCHES);
        assertThat(retention.sweep(T0.plus(Duration.ofDays(1))).byAge()).isEqualTo(10);
        assertThat(history.rows).isEmpty();
    }

    @Test
    void nothingToDeleteCostsOneQueryPerLimit() {
        history.rows.add(T0);
        assertThat(retention(Duration.ofDays(30), 1_000).sweep(T0.plusSeconds(1))).isEqualTo(new Retention.Sweep(0, 0));
        assertThat(history.deletions).containsExactly(0, 0);
        assertThat(pauses).isZero();
    }
}
