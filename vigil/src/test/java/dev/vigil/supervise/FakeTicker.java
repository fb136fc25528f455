package dev.vigil.supervise;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to. Thread-safe. */
final class FakeTicker implements Ticker {
    private volatile long nanos = 5_000_000_000L;
    private final Instant origin = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant wallClock() {
        return origin.plusNanos(nanos);
    }

    synchronized void advance(Duration d) {
        nanos += d.toNanos();
    }
}
