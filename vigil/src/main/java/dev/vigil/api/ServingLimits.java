package dev.vigil.api;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control server's three bounds, none of which ever waits: open connections, connections
 * being served (from accept or from a further request's first byte until it is answered), and
 * request and answer bytes in flight across all connections. Each {@code try...} method answers
 * {@code null} when granted, or the "server busy" line to send; the caller then closes the
 * connection, and nothing of the request has been started. Thread-safe.
 */
final class ServingLimits {
    private final ServerOptions options;
    private final Semaphore open;
    private final Semaphore serving;
    private final ByteBudget bytes;
    private final AtomicLong busyRefusals = new AtomicLong();

    ServingLimits(ServerOptions options) {
        this.options = options;
        this.open = new Semaphore(options.maxOpenConnections());
        this.serving = new Semaphore(options.maxConnections());
        this.bytes = new ByteBudget(options.maxBytesInFlight());
    }

    /** A new connection: an open place and a serving place, both or neither. */
    String tryOpen() {
        if (!open.tryAcquire()) {
            return busy(options.maxOpenConnections() + " connections already open",
                    Map.of("max_open_connections", options.maxOpenConnections()));
        }
        String refused = tryServe();
        if (refused != null) {
            open.release();
        }
        return refused;
    }

    void closed() {
        open.release();
    }

    String tryServe() {
        if (!serving.tryAcquire()) {
            return busy(options.maxConnections() + " connections already being served",
                    Map.of("max_connections", options.maxConnections()));
        }
        return null;
    }

    void served() {
        serving.release();
    }

    String tryReserve(long count) {
        if (!bytes.tryReserve(count)) {
            return busy("requests in flight would exceed " + bytes.limit() + " bytes",
                    Map.of("max_bytes_in_flight", bytes.limit()));
        }
        return null;
    }

    /** Holds {@code count} bytes of an answer being written, even beyond the budget (see {@link ByteBudget#take}). */
    void take(long count) {
        bytes.take(count);
    }

    void release(long count) {
        bytes.release(count);
    }

    /** The "server busy" line saying {@code why}, counted in {@link #busyRefusals()}. */
    String busy(String why, Map<String, Object> data) {
        busyRefusals.incrementAndGet();
        return TransportErrors.line(RpcErrors.SERVER_BUSY, "server busy: " + why + "; retry later", data);
    }

    long busyRefusals() {
        return busyRefusals.get();
    }

    long bytesInFlight() {
        return bytes.used();
    }
}
