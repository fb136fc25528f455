package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event history: every {@link VigilEvent} with its instant, its fields as JSON text. Times are
 * stored as microseconds since the epoch. Writes here are synchronous; the supervisor thread
 * should write through an {@link AsyncEventWriter}. Thread-safe.
 */
public final class EventStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final VigilStore store;

    EventStore(VigilStore store) {
        this.store = store;
    }

    public void append(Instant at, VigilEvent event) {
        appendAll(List.of(new TimedEvent(at, event)));
    }

    /** Appends the events in one transaction, in list order. */
    public void appendAll(List<TimedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> fields = new ArrayList<>(events.size());
        for (TimedEvent e : events) {
            fields.add(toJson(e.event()));
        }
        store.withConnection("appending " + events.size() + " events", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO events (at_micros, type, service, process, severity, fields) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < events.size(); i++) {
                    VigilEvent event = events.get(i).event();
                    insert.setLong(1, micros(events.get(i).at()));
                    insert.setString(2, event.type());
                    insert.setString(3, event.service());
                    insert.setString(4, event.process());
                    insert.setString(5, event.severity().name());
                    insert.setString(6, fields.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    public List<StoredEvent> query(EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, at_micros, type, service, process, severity, fields FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.service().ifPresent(s -> {
            sql.append(" AND service = ?");
            args.add(s);
        });
        query.since().ifPresent(t -> {
            sql.append(" AND at_micros >= ?");
            args.add(micros(t));
        });
        String direction = query.order() == EventQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        sql.append(" ORDER BY at_micros ").append(direction).append(", id ").append(direction).append(" LIMIT ?");
        args.add(query.limit());
        return store.withConnection("querying events", c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    select.setObject(i + 1, args.get(i));
                }
                List<StoredEvent> result = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        result.add(new StoredEvent(rs.getLong(1), instant(rs.getLong(2)), rs.getString(3), rs.getString(4),
                                rs.getString(5), Severity.valueOf(rs.getString(6)), fromJson(rs.getString(7))));
                    }
                }
                return result;
            }
        });
    }

    /** Deletes events older than {@code cutoff} (retention). @return how many were deleted */
    public int deleteBefore(Instant cutoff) {
        return store.withConnection("deleting old events", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE at_micros < ?")) {
                delete.setLong(1, micros(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static String toJson(VigilEvent event) {
        try {
            return JSON.writeValueAsString(event.fields());
        } catch (JsonProcessingException e) {
            throw new StoreException("event " + event.type() + " has fields that are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored event fields are not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
