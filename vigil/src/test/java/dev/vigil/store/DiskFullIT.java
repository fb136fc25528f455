package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.UnixSignal;
import dev.vigil.process.LaunchRecord;
import dev.vigil.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real, small tmpfs that fills up: nothing throws, losses are said, recording resumes. */
class DiskFullIT {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final AsyncEventWriter.Timing FAST = new AsyncEventWriter.Timing(Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofMinutes(1));
    @TempDir
    Path dir;
    private SmallTmpfs disk;
    private final List<RecordingReport> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void mount() throws Exception {
        disk = SmallTmpfs.mount(dir.resolve("small"), 2_048);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static LaunchRecord launch(int i) {
        return new LaunchRecord("web", "main", 1000 + i, 1000 + i, 5000 + i, String.format("%032x", i), T0,
                UnixSignal.TERM, Duration.ofSeconds(5));
    }

    private static List<StoredEvent> all(VigilStore store) {
        return store.events().query(new EventQuery(Optional.empty(), Optional.empty(), EventQuery.MAX_LIMIT,
                EventQuery.Order.OLDEST_FIRST));
    }

    @Test
    void writesOnAFullDiskWaitAreSaidAndAreWrittenWhenSpaceReturns() throws Exception {
        StoreKeeper keeper = StoreKeeper.open(disk.path());
        assertThat(keeper.problem()).isEmpty();
        try (keeper; AsyncEventWriter writer = new AsyncEventWriter(keeper, 100_000, FAST, reports::add, Ticker.system())) {
            writer.offer(T0, TestEvent.of("process_started", "web"));
            await().atMost(Duration.ofSeconds(30)).until(() -> all(keeper.store().orElseThrow()).size() == 1);

            disk.fill();
            for (int i = 0; i < 3_000; i++) {
                // Distinct events (no coalescing): enough to need pages the disk no longer has.
                assertThat(writer.offer(T0.plusMillis(i), TestEvent.of("process_exited", "svc" + i))).isTrue();
            }
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> reports.stream()
                        .anyMatch(r -> r instanceof RecordingReport.NotRecorded n && n.reason().contains("full")));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no report of a full disk; reports: " + reports + ", rows: "
                        + all(keeper.store().orElseThrow()).size() + ", free bytes: " + disk.available(), e);
            }
            assertThat(writer.failing()).isTrue();
            var notRecorded = (RecordingReport.NotRecorded) reports.stream()
                    .filter(r -> r instanceof RecordingReport.NotRecorded).findFirst().orElseThrow();
            assertThat(notRecorded.what()).isEqualTo("events");
            assertThat(notRecorded.waiting()).isPositive();
            assertThat(notRecorded.reason()).contains(keeper.file().toString());

            disk.free();
            await().atMost(Duration.ofSeconds(30)).until(() -> reports.stream().anyMatch(r -> r instanceof RecordingReport.Resumed));
            await().atMost(Duration.ofSeconds(30)).until(() -> all(keeper.store().orElseThrow()).size() == 3_001);
            assertThat(writer.dropped()).isZero();
            RecordingReport.Resumed resumed = (RecordingReport.Resumed) reports.stream()
                    .filter(r -> r instanceof RecordingReport.Resumed).findFirst().orElseThrow();
            assertThat(resumed.lost()).isZero();
            assertThat(resumed.outage()).isPositive();
        }
    }

    @Test
    void theStoreCannotBeOpenedOnAFullDiskAndOpensWhenSpaceReturns() throws Exception {
        disk.fill();
        StoreKeeper keeper = StoreKeeper.open(disk.path());
        assertThat(keeper.store()).isEmpty();
        assertThat(keeper.problem()).get().asString().contains(keeper.file().toString());

        try (keeper; AsyncEventWriter writer = new AsyncEventWriter(keeper, 1_000, FAST, reports::add, Ticker.system());
                ProcessBook book = new ProcessBook(keeper, Duration.ofMillis(100), FAST, reports::add, Ticker.system())) {
            assertThat(writer.offer(T0, TestEvent.of("daemon_started", null))).isTrue();
            assertThat(book.record(launch(1))).as("not committed, but accepted").isFalse();
            assertThat(book.record(launch(2))).isFalse();
            book.remove(launch(2).instanceToken());
            await().atMost(Duration.ofSeconds(30)).until(() -> reports.stream()
                    .anyMatch(r -> r instanceof RecordingReport.NotRecorded n && n.what().equals("processes")));

            disk.free();
            await().atMost(Duration.ofSeconds(30)).until(() -> keeper.store().isPresent() && book.pending() == 0);
            assertThat(keeper.store().orElseThrow().processes().all()).containsExactly(launch(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> all(keeper.store().orElseThrow()).size() == 1);
            assertThat(reports).anyMatch(r -> r instanceof RecordingReport.Resumed res && res.what().equals("events"));
            assertThat(reports).anyMatch(r -> r instanceof RecordingReport.Resumed res && res.what().equals("processes"));
        }
    }

    @Test
    void aLaunchRecordedOnAFullDiskIsWrittenLaterAndItsRemovalToo() throws Exception {
        StoreKeeper keeper = StoreKeeper.open(disk.path());
        try (keeper; ProcessBook book = new ProcessBook(keeper, Duration.ofSeconds(5), FAST, reports::add, Ticker.system())) {
            assertThat(book.record(launch(0))).as("committed at once while there is room").isTrue();
            disk.fill();
            int refused = 0;
            for (int i = 1; i <= 200 && refused == 0; i++) {
                if (!book.record(launch(i))) {
                    refused = i;
                }
            }
            assertThat(refused).as("some launch could not be committed on the full disk").isPositive();
            book.remove(launch(0).instanceToken());

            disk.free();
            await().atMost(Duration.ofSeconds(30)).until(() -> book.pending() == 0);
            List<LaunchRecord> rows = keeper.store().orElseThrow().processes().all();
            assertThat(rows).doesNotContain(launch(0)).contains(launch(refused));
        }
    }
}
