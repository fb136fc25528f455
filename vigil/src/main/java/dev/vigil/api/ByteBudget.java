package dev.vigil.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared allowance of bytes: what every connection's unfinished and being-handled requests, and
 * the answers not yet taken by their clients, may hold together. Reservations never wait (a connection that cannot reserve is refused, which
 * frees what it held for the others). Thread-safe.
 */
final class ByteBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    ByteBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit; false (and nothing taken) if not. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /**
     * Takes {@code bytes} even beyond the limit: for an answer already built, which must be written
     * whatever it costs; until enough is released every {@link #tryReserve} is refused.
     */
    void take(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
