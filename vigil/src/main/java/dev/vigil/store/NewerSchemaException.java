package dev.vigil.store;

/**
 * The database was written by a newer Vigil. Unlike a full or unwritable disk this does not pass
 * by itself, and writing into it could damage the newer schema: the daemon refuses to start.
 */
public final class NewerSchemaException extends StoreException {
    NewerSchemaException(String message) {
        super(message);
    }
}
