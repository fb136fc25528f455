package dev.vigil.api;

import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ControlServer} listens and what it tolerates.
 *
 * @param socket         the socket path ({@code <state-dir>/vigil.sock})
 * @param idleTimeout    how long a connection may go without sending a complete request (or
 *                       without reading our response) before it is told so and closed
 * @param maxConnections connections served at once; more are answered "server busy" and
 *                       closed at once, never queued
 * @param maxLineBytes   the longest request line accepted; a longer one is answered with an
 *                       error and the connection closed
 * @param allowedUser    the only user allowed to connect; {@code null} means the user the daemon
 *                       runs as (the socket file's owner). Root is not let in by default: a
 *                       root operator can {@code sudo -u} the daemon's user, and the socket's
 *                       mode 0600 keeps others out before the check anyway.
 */
public record ServerOptions(Path socket, Duration idleTimeout, int maxConnections, int maxLineBytes,
                            @Nullable UserPrincipal allowedUser) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    public ServerOptions {
        Objects.requireNonNull(socket, "socket");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be > 0, was " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
        }
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1024, was " + maxLineBytes);
        }
    }

    /** The defaults: 10 s idle timeout, 64 connections, 1 MiB lines, only the daemon's own user. */
    public static ServerOptions defaults(Path socket) {
        return new ServerOptions(socket, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_LINE_BYTES, null);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(socket, d, maxConnections, maxLineBytes, allowedUser);
    }

    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(socket, idleTimeout, n, maxLineBytes, allowedUser);
    }

    public ServerOptions withAllowedUser(UserPrincipal user) {
        return new ServerOptions(socket, idleTimeout, maxConnections, maxLineBytes, user);
    }
}
