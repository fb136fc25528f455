package dev.vigil.cli;

/**
 * Exit codes of the vigil CLI (documented in docs/CLI.md). {@code vigil status NAME} uses them
 * like {@code systemctl is-active}: 0 running, 1 degraded, 3 not running, 4 no such service.
 */
public final class ExitCodes {
    /** Success; for status: the service is running. */
    public static final int OK = 0;
    /** For status: degraded. For commands: at least one service's command failed, or a reload was rejected. */
    public static final int FAILED = 1;
    /** Bad command line (picocli's usage error). */
    public static final int USAGE = 2;
    /** For status: stopped, failed, starting, backoff or stopping. */
    public static final int NOT_RUNNING = 3;
    /** No service by that name (a did-you-mean was printed). */
    public static final int UNKNOWN_SERVICE = 4;
    /** No daemon answers on the socket (or it may not be used by this user). */
    public static final int NO_DAEMON = 5;
    /** The daemon answered with an error, or the connection failed midway. */
    public static final int DAEMON_ERROR = 6;

    private ExitCodes() {
    }
}
