package dev.vigil.store;

import dev.vigil.config.UnixSignal;
import dev.vigil.process.LaunchRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes this daemon launched and has not yet seen exit, keyed by instance token. A daemon
 * records each launch, removes it when the process has exited (and its group is swept), and at
 * start-up reads what an earlier daemon left ({@link #all()}) to stop it before starting anew.
 * Thread-safe; every write is committed before it returns.
 */
public final class ProcessRegistry {
    private final VigilStore store;

    ProcessRegistry(VigilStore store) {
        this.store = store;
    }

    /** Records a launch; recording the same instance token again replaces the row. */
    public void record(LaunchRecord launch) {
        store.withConnection("recording process " + launch.service() + "/" + launch.process(), c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT OR REPLACE INTO processes
                    (instance, service, process, pid, pgid, start_ticks, started_at_micros, stop_signal, stop_timeout_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, launch.instanceToken());
                insert.setString(2, launch.service());
                insert.setString(3, launch.process());
                insert.setLong(4, launch.pid());
                insert.setLong(5, launch.pgid());
                insert.setLong(6, launch.startTicks());
                insert.setLong(7, EventStore.micros(launch.startedAt()));
                insert.setString(8, launch.stopSignal().name());
                insert.setLong(9, launch.stopTimeout().toMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets a process. @return false when there was no such row */
    public boolean remove(String instanceToken) {
        return store.withConnection("removing process " + instanceToken, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM processes WHERE instance = ?")) {
                delete.setString(1, instanceToken);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Every recorded process, oldest launch first. */
    public List<LaunchRecord> all() {
        return store.withConnection("listing processes", c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT service, process, pid, pgid, start_ticks, instance, started_at_micros, stop_signal, stop_timeout_ms
                    FROM processes ORDER BY started_at_micros, instance""");
                    ResultSet rs = select.executeQuery()) {
                List<LaunchRecord> rows = new ArrayList<>();
                while (rs.next()) {
                    String signal = rs.getString(8);
                    rows.add(new LaunchRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6), EventStore.instant(rs.getLong(7)),
                            UnixSignal.parse(signal).orElseThrow(() -> new StoreException(
                                    store.file() + ": process row has unknown stop_signal '" + signal + "'")),
                            Duration.ofMillis(rs.getLong(9))));
                }
                return rows;
            }
        });
    }
}
