package dev.vigil.api;

import java.io.IOException;
import java.nio.file.Path;

/** No daemon could be reached on the control socket (missing, refused, or not permitted). */
public final class DaemonUnavailableException extends IOException {
    private final Path socket;

    public DaemonUnavailableException(Path socket, String why, Throwable cause) {
        super(why, cause);
        this.socket = socket;
    }

    /** The socket that was tried. */
    public Path socket() {
        return socket;
    }
}
