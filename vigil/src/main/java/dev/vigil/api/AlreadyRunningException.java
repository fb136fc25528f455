package dev.vigil.api;

import java.io.IOException;
import java.nio.file.Path;

/** Another daemon answers on the control socket (or holds its lock); this one must not start. */
public final class AlreadyRunningException extends IOException {
    public AlreadyRunningException(Path socket, String how) {
        super("a daemon is already running on " + socket + " (" + how + "); stop it first or use another --state-dir");
    }
}
