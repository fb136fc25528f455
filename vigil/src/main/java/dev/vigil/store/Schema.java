package dev.vigil.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, versioned by {@code PRAGMA user_version}: migration i (1-based) takes version i-1 to
 * i, inside one transaction. Add a migration at the end; never edit one that has shipped.
 */
final class Schema {
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at_micros INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        service TEXT,
                        process TEXT,
                        severity TEXT NOT NULL,
                        fields TEXT NOT NULL)""",
                    "CREATE INDEX events_at ON events (at_micros, id)",
                    "CREATE INDEX events_service_at ON events (service, at_micros, id)",
                    """
                    CREATE TABLE processes (
                        instance TEXT PRIMARY KEY,
                        service TEXT NOT NULL,
                        process TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        pgid INTEGER NOT NULL,
                        start_ticks INTEGER NOT NULL,
                        started_at_micros INTEGER NOT NULL,
                        stop_signal TEXT NOT NULL,
                        stop_timeout_ms INTEGER NOT NULL)"""),
            // Repeated identical events (a probe failing every round) are one row with a count.
            List.of(
                    "ALTER TABLE events ADD COLUMN count INTEGER NOT NULL DEFAULT 1",
                    "ALTER TABLE events ADD COLUMN last_at_micros INTEGER"));

    private Schema() {
    }

    static int currentVersion() {
        return MIGRATIONS.size();
    }

    static void migrate(Connection connection, Path file) throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > currentVersion()) {
            throw new NewerSchemaException(file + " has schema version " + version + ", newer than this Vigil knows ("
                    + currentVersion() + "); use a newer Vigil or another --state-dir");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (int v = version; v < currentVersion(); v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
