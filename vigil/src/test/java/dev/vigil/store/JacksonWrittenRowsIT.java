package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Severity;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stopped using Jackson: a history file written by the Jackson-based store still reads
 * back the same fields (same value types), and what the store writes now is the very text
 * Jackson wrote, so old and new rows are alike.
 */
class JacksonWrittenRowsIT {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final ObjectMapper jackson = new ObjectMapper();

    @TempDir
    Path stateDir;

    private static Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("reason", "refused \"quoted\"\n\t\u0001 é 😀");
        f.put("consecutive", 3);
        f.put("latency_ms", 12_345_678_901L);
        f.put("ratio", 0.125);
        f.put("expected", false);
        f.put("next_retry_ms", null);
        f.put("huge", new BigInteger("123456789012345678901234567890"));
        f.put("facts", Map.of("rss", List.of(1, 2_147_483_648L)));
        return f;
    }

    @Test
    void rowsTheJacksonStoreWroteReadBackAsBefore() throws Exception {
        try (VigilStore store = VigilStore.open(stateDir)) {
            store.events().append(T0, TestEvent.of("process_started", "web")); // creates the schema
        }
        String oldText = jackson.writeValueAsString(fields());
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(VigilStore.FILE_NAME));
                PreparedStatement insert = c.prepareStatement("INSERT INTO events (at_micros, type, service, process, "
                        + "severity, fields, count, last_at_micros) VALUES (?, 'probe_failed', 'web', NULL, 'WARN', ?, 1, NULL)")) {
            insert.setLong(1, EventStore.micros(T0.plusSeconds(1)));
            insert.setString(2, oldText);
            insert.executeUpdate();
        }
        try (VigilStore store = VigilStore.open(stateDir)) {
            List<StoredEvent> rows = store.events().query(new EventQuery(Optional.empty(), Optional.empty(), 10,
                    EventQuery.Order.OLDEST_FIRST));
            assertThat(rows).hasSize(2);
            StoredEvent old = rows.get(1);
            assertThat(old.severity()).isEqualTo(Severity.WARN);
            Map<String, Object> expected = jackson.readValue(oldText, LinkedHashMap.class);
            assertThat(old.fields()).isEqualTo(expected).containsEntry("consecutive", 3)
                    .containsEntry("latency_ms", 12_345_678_901L);
            assertThat(old.fields().keySet()).containsExactlyElementsOf(expected.keySet());
        }
    }

    @Test
    void theStoreWritesTheTextJacksonWrote() throws Exception {
        try (VigilStore store = VigilStore.open(stateDir)) {
            store.events().append(T0, new TestEvent("probe_failed", "web", null, Severity.WARN, fields()));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(VigilStore.FILE_NAME));
                var select = c.createStatement();
                ResultSet rs = select.executeQuery("SELECT fields FROM events")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(jackson.writeValueAsString(fields()));
        }
    }
}
