package dev.vigil.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The daemon's handle on its store that it may not have yet. On a full or unwritable disk the
 * database cannot be opened (or created, or migrated); the daemon supervises all the same, and
 * whoever writes next ({@link AsyncEventWriter}, {@link ProcessBook}) calls {@link #tryOpen} again.
 * Thread-safe.
 */
public final class StoreKeeper implements AutoCloseable {
    private final Path stateDir;
    private volatile VigilStore store;
    private volatile String problem;
    private boolean closed;

    private StoreKeeper(Path stateDir) {
        this.stateDir = stateDir;
    }

    /**
     * Tries once to open {@code stateDir/vigil.db}; a failure is kept in {@link #problem()}.
     *
     * @throws NewerSchemaException when the file was written by a newer Vigil: that does not pass
     *                              by retrying
     */
    public static StoreKeeper open(Path stateDir) {
        StoreKeeper keeper = new StoreKeeper(stateDir);
        keeper.tryOpen();
        return keeper;
    }

    /** A keeper that already holds an open store (tests). */
    public static StoreKeeper of(VigilStore store) {
        StoreKeeper keeper = new StoreKeeper(store.file().getParent());
        keeper.store = store;
        return keeper;
    }

    /** The open store, if it is open. */
    public Optional<VigilStore> store() {
        return Optional.ofNullable(store);
    }

    /** Why the store is not open, while it is not. */
    public Optional<String> problem() {
        return store == null ? Optional.ofNullable(problem) : Optional.empty();
    }

    public Path file() {
        return stateDir.resolve(VigilStore.FILE_NAME);
    }

    /** Opens the store unless it is open (or closed). @return it, or empty with {@link #problem()} set */
    public synchronized Optional<VigilStore> tryOpen() {
        if (store != null || closed) {
            return Optional.ofNullable(store);
        }
        try {
            store = VigilStore.open(stateDir);
            problem = null;
        } catch (NewerSchemaException e) {
            throw e;
        } catch (StoreException e) {
            problem = e.getMessage();
        } catch (LinkageError e) {
            // sqlite-jdbc unpacks its native library into java.io.tmpdir: a full /tmp ends here.
            problem = "cannot load SQLite: " + e.getMessage();
        }
        return Optional.ofNullable(store);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) {
            store.close();
        }
    }
}
