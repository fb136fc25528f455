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
 * @param maxConnections connections being served at once: from accept (or from the first byte
 *                       of a further request) until the request is answered. More are answered
 *                       "server busy" and closed at once, never queued. A connection that has
 *                       its answer and sends nothing more no longer counts, so a client that
 *                       closes right after its answer never keeps the next one out.
 * @param maxLineBytes   the longest request line accepted; a longer one is answered with an
 *                       error and the connection closed
 * @param maxBytesInFlight request bytes and unread answer bytes held at once across all connections (beyond the first
 *                       {@value ControlServer#FREE_BYTES_PER_CONNECTION} of each, which every
 *                       connection may hold): a request that would exceed it is answered
 *                       "server busy" at once and its connection closed, so many large requests
 *                       together cannot exhaust the daemon's heap
 * @param maxOpenConnections connections open at once, served or waiting for a further request
 *                       (each costs a file descriptor until its idle timeout); more are "busy"
 * @param allowedUser    the only user allowed to connect; {@code null} means the user the daemon
 *                       runs as (the socket file's owner). Root is not let in by default: a
 *                       root operator can {@code sudo -u} the daemon's user, and the socket's
 *                       mode 0600 keeps others out before the check anyway.
 */
public record ServerOptions(Path socket, Duration idleTimeout, int maxConnections, int maxLineBytes,
                            @Nullable UserPrincipal allowedUser, long maxBytesInFlight, int maxOpenConnections) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** Four maximal requests at once: with parsing, about 6 MB each on a 128 MB daemon heap. */
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 4L << 20;
    public static final int DEFAULT_MAX_OPEN_CONNECTIONS = 1024;

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
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("maxBytesInFlight must be >= 1, was " + maxBytesInFlight);
        }
        if (maxOpenConnections < maxConnections) {
            throw new IllegalArgumentException("maxOpenConnections must be >= maxConnections (" + maxConnections
                    + "), was " + maxOpenConnections);
        }
    }

    /**
     * The defaults: 10 s idle timeout, 64 connections served, 1024 open, 1 MiB lines, 4 MiB of
     * requests in flight, only the daemon's own user.
     */
    public static ServerOptions defaults(Path socket) {
        return new ServerOptions(socket, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_LINE_BYTES, null,
                DEFAULT_MAX_BYTES_IN_FLIGHT, DEFAULT_MAX_OPEN_CONNECTIONS);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(socket, d, maxConnections, maxLineBytes, allowedUser, maxBytesInFlight, maxOpenConnections);
    }

    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(socket, idleTimeout, n, maxLineBytes, allowedUser, maxBytesInFlight,
                Math.max(n, maxOpenConnections));
    }

    public ServerOptions withAllowedUser(UserPrincipal user) {
        return new ServerOptions(socket, idleTimeout, maxConnections, maxLineBytes, user, maxBytesInFlight, maxOpenConnections);
    }

    public ServerOptions withMaxBytesInFlight(long bytes) {
        return new ServerOptions(socket, idleTimeout, maxConnections, maxLineBytes, allowedUser, bytes, maxOpenConnections);
    }
}
