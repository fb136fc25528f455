package dev.vigil.probe;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test moves it. */
final class FakeTicker implements Ticker {

    private volatile long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant wallClock() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    void advance(Duration by) {
        nanos += by.toNanos();
    }
}
