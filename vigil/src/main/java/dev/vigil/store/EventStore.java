package dev.vigil.store;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event history: every {@link VigilEvent} with its instant, its fields as JSON text. Times are
 * stored as microseconds since the epoch. Writes here are synchronous; the supervisor thread
 * should write through an {@link AsyncEventWriter}. Thread-safe.
 */
public final class EventStore {
    private final VigilStore store;

    EventStore(VigilStore store) {
        this.store = store;
    }

    VigilStore owner() {
        return store;
    }

    public void append(Instant at, VigilEvent event) {
        appendAll(List.of(new TimedEvent(at, event)));
    }

    /** Appends the events in one transaction, in list order, each as its own row (no coalescing). */
    public void appendAll(List<TimedEvent> events) {
        write(events.stream().<EventCoalescer.Step>map(e -> new EventCoalescer.Step.Insert(e, null)).toList(),
                new HashMap<>());
    }

    /**
     * Writes the steps in one transaction: inserts new rows, adds repeats to their run's row. A
     * repeat whose row is unknown (its insert failed earlier) or gone (deleted by retention) starts
     * a new row. {@code rowIds} (run to row id) is read, and updated only once the transaction has
     * committed, so a failed write can be retried with the same steps.
     */
    void write(List<EventCoalescer.Step> steps, Map<EventCoalescer.RunKey, Long> rowIds) {
        if (steps.isEmpty()) {
            return;
        }
        List<String> fields = new ArrayList<>(steps.size());
        for (EventCoalescer.Step step : steps) {
            fields.add(toJson(step.event().event()));
        }
        store.withConnection("appending " + steps.size() + " events", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (at_micros, type, service, process, "
                    + "severity, fields, count, last_at_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement lastId = c.prepareStatement("SELECT last_insert_rowid()");
                    PreparedStatement bump = c.prepareStatement(
                            "UPDATE events SET count = count + ?, last_at_micros = ? WHERE id = ?")) {
                Map<EventCoalescer.RunKey, Long> written = new HashMap<>();
                Map<EventCoalescer.RunKey, Repeats> repeats = new LinkedHashMap<>();
                for (int i = 0; i < steps.size(); i++) {
                    EventCoalescer.Step step = steps.get(i);
                    EventCoalescer.RunKey run = switch (step) {
                        case EventCoalescer.Step.Insert in -> in.run();
                        case EventCoalescer.Step.Repeat rep -> rep.run();
                    };
                    Long row = run == null ? null : written.getOrDefault(run, rowIds.get(run));
                    if (step instanceof EventCoalescer.Step.Repeat && row != null) {
                        repeats.computeIfAbsent(run, r -> new Repeats()).add(step.event(), fields.get(i));
                        continue;
                    }
                    flush(repeats.remove(run), row, insert, lastId, bump);
                    long id = insert(insert, lastId, step.event(), fields.get(i), 1, null);
                    if (run != null) {
                        written.put(run, id);
                    }
                }
                for (Map.Entry<EventCoalescer.RunKey, Repeats> r : repeats.entrySet()) {
                    Long row = written.getOrDefault(r.getKey(), rowIds.get(r.getKey()));
                    Long replacement = flush(r.getValue(), row, insert, lastId, bump);
                    if (replacement != null) {
                        written.put(r.getKey(), replacement);
                    }
                }
                c.commit();
                rowIds.putAll(written);
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /** Repeats of one run within a batch. */
    private static final class Repeats {
        int count;
        TimedEvent first;
        String firstFields;
        Instant last;

        void add(TimedEvent event, String fields) {
            if (count++ == 0) {
                first = event;
                firstFields = fields;
            }
            last = event.at();
        }
    }

    /** Adds the repeats to {@code row}; when that row is gone, inserts them as a new row. @return the new row's id, or null */
    private static Long flush(Repeats repeats, Long row, PreparedStatement insert, PreparedStatement lastId,
                              PreparedStatement bump) throws java.sql.SQLException {
        if (repeats == null) {
            return null;
        }
        if (row != null) {
            bump.setInt(1, repeats.count);
            bump.setLong(2, micros(repeats.last));
            bump.setLong(3, row);
            if (bump.executeUpdate() > 0) {
                return null;
            }
        }
        return insert(insert, lastId, repeats.first, repeats.firstFields, repeats.count, repeats.count > 1 ? repeats.last : null);
    }

    /** Inserts one row. (Not with RETURNING: sqlite-jdbc then reports a full disk only as a failed commit.) */
    private static long insert(PreparedStatement insert, PreparedStatement lastId, TimedEvent timed, String fields,
                               int count, Instant last) throws java.sql.SQLException {
        VigilEvent event = timed.event();
        insert.setLong(1, micros(timed.at()));
        insert.setString(2, event.type());
        insert.setString(3, event.service());
        insert.setString(4, event.process());
        insert.setString(5, event.severity().name());
        insert.setString(6, fields);
        insert.setInt(7, count);
        if (last == null) {
            insert.setNull(8, java.sql.Types.INTEGER);
        } else {
            insert.setLong(8, micros(last));
        }
        insert.executeUpdate();
        try (ResultSet rs = lastId.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<StoredEvent> query(EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, at_micros, type, service, process, severity, fields, count, last_at_micros FROM events WHERE 1 = 1");
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
                                rs.getString(5), Severity.valueOf(rs.getString(6)), fromJson(rs.getString(7)),
                                rs.getInt(8), lastAt(rs)));
                    }
                }
                return result;
            }
        });
    }

    /** Deletes events older than {@code cutoff}. @return how many were deleted */
    public int deleteBefore(Instant cutoff) {
        int total = 0;
        for (int n; (n = deleteOlderThan(cutoff, 10_000)) > 0; ) {
            total += n;
        }
        return total;
    }

    /** Deletes at most {@code batch} of the oldest events that happened before {@code cutoff}. @return how many */
    int deleteOlderThan(Instant cutoff, int batch) {
        return store.withConnection("deleting old events", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id IN "
                    + "(SELECT id FROM events WHERE at_micros < ? ORDER BY at_micros LIMIT ?)")) {
                delete.setLong(1, micros(cutoff));
                delete.setInt(2, batch);
                return delete.executeUpdate();
            }
        });
    }

    /** Deletes at most {@code batch} of the oldest rows beyond the newest {@code keep}. @return how many */
    int deleteBeyondNewest(int keep, int batch) {
        return store.withConnection("deleting events beyond the row limit", c -> {
            long boundary;
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                find.setInt(1, keep);
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    boundary = rs.getLong(1);
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id IN "
                    + "(SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT ?)")) {
                delete.setLong(1, boundary);
                delete.setInt(2, batch);
                return delete.executeUpdate();
            }
        });
    }

    /** How many rows the history holds. */
    public long rows() {
        return store.withConnection("counting events", c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM events");
                    ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Instant lastAt(ResultSet rs) throws java.sql.SQLException {
        long micros = rs.getLong(9);
        return rs.wasNull() ? null : instant(micros);
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * The fields as JSON (the same text Jackson wrote for them, so old and new rows read alike);
     * fields that cannot be encoded are stored as that problem, not retried forever.
     */
    private static String toJson(VigilEvent event) {
        try {
            return Json.write(event.fields());
        } catch (JsonException e) {
            return "{\"unencodable_fields\":" + Json.write(e.getMessage()) + "}";
        }
    }

    /**
     * The stored fields, with integers as the events had them and as readers have always got
     * them back: an Integer when it fits, else a Long (see {@link #narrow}).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fromJson(String json) {
        Object fields;
        try {
            fields = Json.parse(json);
        } catch (JsonException e) {
            throw new StoreException("stored event fields are not JSON: " + e.getMessage(), e);
        }
        if (!(fields instanceof Map<?, ?>)) {
            throw new StoreException("stored event fields are not a JSON object: " + (json.length() > 80 ? json.substring(0, 80) + "..." : json));
        }
        return (Map<String, Object>) narrow(fields);
    }

    /** {@link Json} reads every integer as a Long; an event's int fields (counts, codes) were Integers. In place. */
    @SuppressWarnings("unchecked")
    private static Object narrow(Object value) {
        switch (value) {
            case Long l when l == l.intValue() -> {
                return l.intValue();
            }
            case Map<?, ?> m -> ((Map<String, Object>) m).replaceAll((k, v) -> narrow(v));
            case List<?> l -> ((List<Object>) l).replaceAll(EventStore::narrow);
            case null, default -> {
            }
        }
        return value;
    }
}
