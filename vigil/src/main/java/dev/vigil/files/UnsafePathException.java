package dev.vigil.files;

import java.io.IOException;

/**
 * A path in the daemon's state is not safe to use: owned by another user, writable by others,
 * a symbolic link or an extra hard link where a private file belongs. The message is one line
 * that names the path, says what is wrong and how to fix it, fit to print as it is.
 */
public final class UnsafePathException extends IOException {
    public UnsafePathException(String message) {
        super(message);
    }
}
