package dev.vigil.alert;

import dev.vigil.json.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What must survive a daemon restart, in two tables of the daemon's SQLite file (its own
 * connection and tables; the {@code store} package's schema is not touched): notices not yet
 * delivered ({@code alert_outbox}) and alerts that fired and have not resolved ({@code alert_open}),
 * kept as their last firing notice so the resolution can still be paired after a restart.
 *
 * <p>A notice is removed once its delivery ended (sent, given up, or dropped), so it is sent at
 * most once across restarts, except when the daemon dies between a send and its removal.
 * Used from the dispatcher's thread and the couriers; synchronized.
 */
final class AlertOutbox implements AutoCloseable {

    /** A stored notice and its row id. */
    record Stored(long id, AlertNotice notice) {}

    private final Connection connection;

    private AlertOutbox(Connection connection) {
        this.connection = connection;
    }

    static AlertOutbox open(Path dbFile) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS alert_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "target TEXT NOT NULL, notice TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS alert_open (target TEXT NOT NULL, service TEXT NOT NULL, "
                    + "notice TEXT NOT NULL, PRIMARY KEY (target, service))");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new AlertOutbox(c);
    }

    synchronized long add(AlertNotice n) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO alert_outbox (target, notice) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, n.target());
            p.setString(2, AlertPayloads.json(n));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    synchronized void remove(long id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM alert_outbox WHERE id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    synchronized List<Stored> pending(String target) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT id, notice FROM alert_outbox WHERE target = ? ORDER BY id")) {
            p.setString(1, target);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Stored(r.getLong(1), parse(r.getString(2))));
                }
            }
        }
        return out;
    }

    /** Records the firing of an alert (or forgets it on resolution). */
    synchronized void track(AlertNotice n) throws SQLException {
        if (n.status() == AlertStatus.RESOLVED) {
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM alert_open WHERE target = ? AND service = ?")) {
                p.setString(1, n.target());
                p.setString(2, n.service());
                p.executeUpdate();
            }
            return;
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT OR REPLACE INTO alert_open (target, service, notice) VALUES (?, ?, ?)")) {
            p.setString(1, n.target());
            p.setString(2, n.service());
            p.setString(3, AlertPayloads.json(n));
            p.executeUpdate();
        }
    }

    synchronized List<AlertNotice> open(String target) throws SQLException {
        List<AlertNotice> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT notice FROM alert_open WHERE target = ?")) {
            p.setString(1, target);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(parse(r.getString(1)));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static AlertNotice parse(String json) {
        Map<String, Object> d = (Map<String, Object>) Json.parse(json);
        Object ends = d.get("ends_at");
        return new AlertNotice((String) d.get("target"), (String) d.get("service"),
                AlertStatus.valueOf(((String) d.get("event")).toUpperCase(java.util.Locale.ROOT)),
                (String) d.get("from"), (String) d.get("to"), (String) d.get("reason"), (String) d.get("probe"),
                ((Number) d.get("restarts")).intValue(), (String) d.get("severity"), (List<String>) d.get("events"),
                ((Number) d.get("grouped")).intValue(), java.time.Instant.parse((String) d.get("starts_at")),
                ends == null ? null : java.time.Instant.parse((String) ends), (Boolean) d.get("reminder"),
                (Map<String, Object>) d.get("evidence"));
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
