package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.UnixSignal;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import dev.vigil.process.LaunchRecord;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite file in a temporary state directory. */
class VigilStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");
    @TempDir
    Path stateDir;

    record TestEvent(String type, String service, String process, Severity severity, Map<String, Object> fields)
            implements VigilEvent {
    }

    private static TestEvent exited(String service, int code) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", code);
        fields.put("reason", "exit code " + code);
        fields.put("clean", code == 0);
        return new TestEvent("process_exited", service, "main", code == 0 ? Severity.INFO : Severity.WARN, fields);
    }

    @Test
    void eventsSurviveReopeningAndKeepTheirFields() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            store.events().append(T0, exited("web", 3));
            store.events().append(T0.plusSeconds(1), new TestEvent("daemon_started", null, null, Severity.INFO, Map.of()));
        }

        try (VigilStore store = VigilStore.open(stateDir)) {
            List<StoredEvent> events = store.events().query(EventQuery.newest(10).ordered(EventQuery.Order.OLDEST_FIRST));

            assertThat(events).hasSize(2);
            StoredEvent first = events.getFirst();
            assertThat(first.at()).isEqualTo(T0);
            assertThat(first.type()).isEqualTo("process_exited");
            assertThat(first.service()).isEqualTo("web");
            assertThat(first.process()).isEqualTo("main");
            assertThat(first.severity()).isEqualTo(Severity.WARN);
            assertThat(first.fields()).containsExactly(Map.entry("code", 3), Map.entry("reason", "exit code 3"),
                    Map.entry("clean", false));
            assertThat(events.get(1).service()).isNull();
            assertThat(events.get(1).id()).isGreaterThan(first.id());
        }
    }

    @Test
    void queriesFilterByServiceAndSinceAndKeepTheRequestedEnd() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            for (int i = 0; i < 10; i++) {
                store.events().append(T0.plusSeconds(i), exited(i % 2 == 0 ? "web" : "db", i));
            }

            assertThat(store.events().query(EventQuery.newest(3))).extracting(e -> e.fields().get("code"))
                    .containsExactly(9, 8, 7);
            assertThat(store.events().query(EventQuery.newest(3).ordered(EventQuery.Order.OLDEST_FIRST)))
                    .extracting(e -> e.fields().get("code")).containsExactly(0, 1, 2);
            assertThat(store.events().query(EventQuery.newest(100).forService("db")))
                    .extracting(e -> e.fields().get("code")).containsExactly(9, 7, 5, 3, 1);
            assertThat(store.events().query(EventQuery.newest(100).forService("web").since(T0.plusSeconds(5))))
                    .extracting(e -> e.fields().get("code")).containsExactly(8, 6);
            assertThat(store.events().deleteBefore(T0.plusSeconds(8))).isEqualTo(8);
            assertThat(store.events().query(EventQuery.newest(100))).hasSize(2);
        }
    }

    @Test
    void asyncWriterWritesEverythingAcceptedBeforeClose() {
        int count = 20_000;
        try (VigilStore store = VigilStore.open(stateDir)) {
            try (AsyncEventWriter writer = new AsyncEventWriter(store.events(), count)) {
                for (int i = 0; i < count; i++) {
                    assertThat(writer.offer(T0.plusMillis(i), exited("web", i))).isTrue();
                }
            }
            List<StoredEvent> events = store.events().query(new EventQuery(java.util.Optional.empty(),
                    java.util.Optional.empty(), count, EventQuery.Order.OLDEST_FIRST));
            assertThat(events).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(events.get(i).fields().get("code")).isEqualTo(i);
            }
        }
    }

    @Test
    void asyncWriterRefusesEventsAfterClose() {
        try (VigilStore store = VigilStore.open(stateDir)) {
            AsyncEventWriter writer = new AsyncEventWriter(store.events(), 10);
            writer.close();

            assertThat(writer.offer(T0, exited("web", 1))).isFalse();
            assertThat(writer.dropped()).isEqualTo(1);
        }
    }

    @Test
    void registryRowsRoundTripAndSurviveReopening() {
        LaunchRecord web = new LaunchRecord("web", "server", 4242, 4242, 987654, "a".repeat(32), T0, UnixSignal.INT,
                Duration.ofMillis(2500));
        LaunchRecord db = new LaunchRecord("db", "main", 4343, 4343, 987700, "b".repeat(32), T0.plusSeconds(1),
                UnixSignal.TERM, Duration.ofSeconds(10));
        try (VigilStore store = VigilStore.open(stateDir)) {
            store.processes().record(web);
            store.processes().record(db);
        }

        try (VigilStore store = VigilStore.open(stateDir)) {
            assertThat(store.processes().all()).containsExactly(web, db);
            assertThat(store.processes().remove(web.instanceToken())).isTrue();
            assertThat(store.processes().remove(web.instanceToken())).isFalse();
            assertThat(store.processes().all()).containsExactly(db);
        }
    }

    @Test
    void fileIsInWalModeWithTheCurrentSchemaVersion() throws Exception {
        VigilStore.open(stateDir).close();

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("vigil.db"));
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(Schema.currentVersion());
            }
            s.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> VigilStore.open(stateDir)).isInstanceOf(StoreException.class)
                .isInstanceOf(NewerSchemaException.class)
                .hasMessageContaining("schema version 99, newer than this Vigil knows (" + Schema.currentVersion() + ")");
    }
}
