package dev.vigil.store;

import static dev.vigil.store.TestEvent.probeFailed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coalescing, retention and the schema upgrade against a real SQLite file. */
class EventHistoryIT {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    @TempDir
    Path stateDir;

    private static List<StoredEvent> all(VigilStore store) {
        return store.events().query(new EventQuery(Optional.empty(), Optional.empty(), EventQuery.MAX_LIMIT,
                EventQuery.Order.OLDEST_FIRST));
    }

    @Test
    void aProbeFailingEveryRoundIsOneRowWithACountAndTheLastTime() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            try (AsyncEventWriter writer = new AsyncEventWriter(store.events())) {
                writer.offer(T0, TestEvent.of("process_started", "web"));
                for (int i = 1; i <= 3_000; i++) {
                    writer.offer(T0.plusMillis(100L * i), probeFailed("web", "health", "connection refused", i, i % 5));
                    if (i % 1_000 == 0) {
                        writer.offer(T0.plusMillis(100L * i), probeFailed("web", "ready", "503", 1, 2));
                    }
                }
                writer.offer(T0.plusSeconds(400), TestEvent.of("restart_triggered", "web"));
                writer.offer(T0.plusSeconds(401), probeFailed("web", "health", "connection refused", 1, 0));
            }

            List<StoredEvent> rows = all(store);
            assertThat(rows).extracting(StoredEvent::type).containsExactly("process_started", "probe_failed",
                    "probe_failed", "restart_triggered", "probe_failed");
            StoredEvent health = rows.get(1);
            assertThat(health.count()).isEqualTo(3_000);
            assertThat(health.at()).isEqualTo(T0.plusMillis(100));
            assertThat(health.lastAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(health.fields()).containsEntry("consecutive", 1).containsEntry("reason", "connection refused");
            assertThat(rows.get(2).count()).isEqualTo(3);
            assertThat(rows.get(2).fields()).containsEntry("probe", "ready");
            assertThat(rows.get(0).count()).isEqualTo(1);
            assertThat(rows.get(0).lastAt()).isNull();
            assertThat(rows.get(4).count()).as("a new run after the restart").isEqualTo(1);
        }
    }

    @Test
    void aRepeatWhoseRowRetentionDeletedStartsANewRow() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            EventCoalescer coalescer = new EventCoalescer();
            var rowIds = new java.util.HashMap<EventCoalescer.RunKey, Long>();
            store.events().write(coalescer.steps(List.of(
                    new TimedEvent(T0, probeFailed("web", "health", "refused", 1, 0)),
                    new TimedEvent(T0.plusSeconds(1), probeFailed("web", "health", "refused", 2, 0)))), rowIds);
            assertThat(store.events().deleteBefore(T0.plusSeconds(10))).isEqualTo(1);

            store.events().write(coalescer.steps(List.of(
                    new TimedEvent(T0.plusSeconds(2), probeFailed("web", "health", "refused", 3, 0)),
                    new TimedEvent(T0.plusSeconds(3), probeFailed("web", "health", "refused", 4, 0)))), rowIds);

            List<StoredEvent> rows = all(store);
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().count()).isEqualTo(2);
            assertThat(rows.getFirst().at()).isEqualTo(T0.plusSeconds(2));
            assertThat(rows.getFirst().lastAt()).isEqualTo(T0.plusSeconds(3));
        }
    }

    @Test
    void retentionOnARealFileKeepsTheNewestRowsAndNothingOlderThanTheAge() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            List<TimedEvent> events = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                events.add(new TimedEvent(T0.plusSeconds(i), TestEvent.of("process_exited", "svc" + (i % 3))));
            }
            store.events().appendAll(events);
            StoreKeeper keeper = StoreKeeper.of(store);
            var policy = new Retention.Policy(Duration.ofSeconds(4_000), 1_000);
            var swept = new java.util.concurrent.LinkedBlockingQueue<Retention.Sweep>();
            try (Retention retention = Retention.start(keeper, () -> policy, fixedClock(T0.plusSeconds(5_000)),
                    Duration.ZERO, Duration.ofHours(1), swept::add, problem -> { })) {
                Retention.Sweep sweep = swept.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(sweep).isEqualTo(new Retention.Sweep(1_000, 3_000));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            List<StoredEvent> rows = all(store);
            assertThat(rows).hasSize(1_000);
            assertThat(rows.getFirst().at()).isEqualTo(T0.plusSeconds(4_000));
            assertThat(store.events().rows()).isEqualTo(1_000);
        }
    }

    @Test
    void aVersionOneFileIsUpgradedAndItsEventsCountOnce() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(VigilStore.FILE_NAME));
                Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.getFirst()) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO events (at_micros, type, service, process, severity, fields) "
                    + "VALUES (1764410400000000, 'process_exited', 'web', 'main', 'WARN', '{\"code\":3}')");
        }
        try (VigilStore store = VigilStore.open(stateDir)) {
            StoredEvent old = all(store).getFirst();
            assertThat(old.count()).isEqualTo(1);
            assertThat(old.lastAt()).isNull();
            assertThat(old.fields()).containsEntry("code", 3);
        }
    }

    private static dev.vigil.time.Ticker fixedClock(Instant at) {
        return new dev.vigil.time.Ticker() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public Instant wallClock() {
                return at;
            }
        };
    }
}
