package dev.vigil.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon keeps its state (control socket, event store, captured logs), resolved the
 * same way by the daemon and the CLI so both find the same socket without flags.
 *
 * <p>Order: an explicit {@code --state-dir}; else {@code $VIGIL_STATE_DIR}; else, for root,
 * {@code /var/lib/vigil}; else {@code $XDG_STATE_HOME/vigil}; else
 * {@code $HOME/.local/state/vigil}. The state dir is persistent on purpose, not
 * {@code $XDG_RUNTIME_DIR} (a tmpfs wiped at logout): the event history and the record of
 * launched process groups must survive. The socket is {@code <state-dir>/vigil.sock} unless
 * {@code --socket} says otherwise.
 */
public final class StateDir {

    /** The control socket's file name inside the state dir. */
    public static final String SOCKET_NAME = "vigil.sock";

    private StateDir() {
    }

    /**
     * @param explicit  the {@code --state-dir} option, or {@code null}
     * @param env       the environment (usually {@code System.getenv()})
     * @param uid0      whether the caller runs as root
     */
    public static Path resolve(Path explicit, Map<String, String> env, boolean uid0) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String fromEnv = nonEmpty(env.get("VIGIL_STATE_DIR"));
        if (fromEnv != null) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        if (uid0) {
            return Path.of("/var/lib/vigil");
        }
        String xdg = nonEmpty(env.get("XDG_STATE_HOME"));
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "vigil");
        }
        String home = nonEmpty(env.get("HOME"));
        return Path.of(home != null ? home : System.getProperty("user.home"), ".local", "state", "vigil");
    }

    /** {@link #resolve(Path, Map, boolean)} for this process: its environment, root when {@code user.name} is root. */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), "root".equals(System.getProperty("user.name")));
    }

    /** The socket: {@code explicitSocket} if given, else {@code <state-dir>/vigil.sock}. */
    public static Path socket(Path stateDir, Path explicitSocket) {
        return explicitSocket != null ? explicitSocket.toAbsolutePath() : stateDir.resolve(SOCKET_NAME);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
