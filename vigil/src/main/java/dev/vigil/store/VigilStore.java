package dev.vigil.store;

import dev.vigil.files.SafeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The daemon's SQLite file, {@code STATE_DIR/vigil.db} (WAL journal): the event history and the
 * processes the daemon launched. Opening it creates or migrates the schema ({@link Schema}).
 *
 * <p>One connection, used under this object's lock by {@link EventStore} and
 * {@link ProcessRegistry}: SQLite serialises writers anyway, and the daemon's writes are small.
 * Thread-safe.
 */
public final class VigilStore implements AutoCloseable {
    public static final String FILE_NAME = "vigil.db";

    private final Path file;
    private final Connection connection;
    private final EventStore events;
    private final ProcessRegistry processes;

    private VigilStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.events = new EventStore(this);
        this.processes = new ProcessRegistry(this);
    }

    /**
     * Opens (creating if needed) {@code stateDir/vigil.db}.
     *
     * @throws StoreException when the file cannot be opened, or was written by a newer Vigil
     */
    public static VigilStore open(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
            SafeFiles.privateSqliteFile(file);   // 0600, no links: see dev.vigil.files.SafeFiles
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    // WAL + NORMAL: a crash of the daemon loses nothing committed; a power cut may
                    // lose the last transactions, never corrupt the file.
                    s.execute("PRAGMA synchronous=NORMAL");
                    s.execute("PRAGMA busy_timeout=5000");
                }
                Schema.migrate(connection, file);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new VigilStore(file, connection);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage() + spaceLeft(file), e);
        }
    }

    public Path file() {
        return file;
    }

    public EventStore events() {
        return events;
    }

    public ProcessRegistry processes() {
        return processes;
    }

    /** Runs {@code work} on the connection under the store's lock. */
    synchronized <T> T withConnection(String what, SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(what + " in " + file + " failed: " + e.getMessage() + spaceLeft(file), e);
        }
    }

    /**
     * "; the disk is full" when it is. On a full disk SQLite rolls the transaction back itself and
     * sqlite-jdbc then reports only "cannot commit - no transaction is active": say the real cause.
     */
    static String spaceLeft(Path file) {
        try {
            long free = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
            return free < LOW_SPACE ? "; the disk is full (" + free + " bytes free)" : "";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** Less than this left on the file system is worth naming as the cause of a failed write. */
    private static final long LOW_SPACE = 1 << 20;

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing " + file + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
