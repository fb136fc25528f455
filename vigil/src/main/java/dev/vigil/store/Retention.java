package dev.vigil.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the event history bounded: deletes events older than the policy's age and the oldest rows
 * beyond its row count. Deletes in small batches with a pause between them, on its own thread, so
 * neither the supervisor nor the event writer waits long for the store's lock.
 *
 * <p>{@link #sweep} is one pass and takes the time as a parameter (tests call it with a fake
 * clock); {@link #start} runs it periodically. Thread-safe.
 */
public final class Retention implements AutoCloseable {
    static final int BATCH = 500;
    /** A bound on one sweep (a first sweep over a huge old history continues at the next one). */
    static final int MAX_BATCHES = 2_000;

    /** How much history to keep. */
    public record Policy(Duration maxAge, int maxRows) {
        public Policy {
            if (maxAge.isNegative() || maxAge.isZero() || maxRows < 1) {
                throw new IllegalArgumentException("retention needs a positive age and row count: " + maxAge + ", " + maxRows);
            }
        }
    }

    /** What one sweep deleted. */
    public record Sweep(long byAge, long byRows) {
        public long total() {
            return byAge + byRows;
        }
    }

    /** The deletions the store does for retention. */
    interface Pruner {
        int deleteOlderThan(Instant cutoff, int batch);

        int deleteBeyondNewest(int keep, int batch);
    }

    private final Pruner pruner;
    private final Supplier<Policy> policy;
    private final Runnable betweenBatches;
    private volatile Thread thread;
    private volatile boolean closed;

    Retention(Pruner pruner, Supplier<Policy> policy, Runnable betweenBatches) {
        this.pruner = pruner;
        this.policy = policy;
        this.betweenBatches = betweenBatches;
    }

    /**
     * Sweeps every {@code every} (the first after {@code first}) on a thread of its own. Each sweep
     * goes to {@code swept}; a failed one (the store not open, a full disk) to {@code problems}.
     */
    public static Retention start(StoreKeeper keeper, Supplier<Policy> policy, dev.vigil.time.Ticker ticker,
                                  Duration first, Duration every,
                                  Consumer<Sweep> swept, Consumer<String> problems) {
        Pruner pruner = new Pruner() {
            @Override
            public int deleteOlderThan(Instant cutoff, int batch) {
                return events(keeper).deleteOlderThan(cutoff, batch);
            }

            @Override
            public int deleteBeyondNewest(int keep, int batch) {
                return events(keeper).deleteBeyondNewest(keep, batch);
            }
        };
        // The pause lets the event writer take the store's lock between two deletions.
        Retention retention = new Retention(pruner, policy, () -> LockSupport.parkNanos(20_000_000L));
        retention.thread = Thread.ofPlatform().name("vigil-retention").daemon(true).start(() -> {
            LockSupport.parkNanos(first.toNanos());
            while (!retention.closed) {
                try {
                    Sweep sweep = retention.sweep(ticker.wallClock());
                    if (sweep.total() > 0) {
                        swept.accept(sweep);
                    }
                } catch (RuntimeException e) {
                    problems.accept(e.getMessage() == null ? e.toString() : e.getMessage());
                }
                LockSupport.parkNanos(every.toNanos());
            }
        });
        return retention;
    }

    private static EventStore events(StoreKeeper keeper) {
        return keeper.store().orElseThrow(() -> new StoreException("the event history is not open: "
                + keeper.problem().orElse("not opened yet"))).events();
    }

    /** One pass at {@code now}: the age limit first, then the row limit. */
    public Sweep sweep(Instant now) {
        Policy p = policy.get();
        Instant cutoff = now.minus(p.maxAge());
        long byAge = 0;
        long byRows = 0;
        int batches = 0;
        for (int n = BATCH; n == BATCH && batches < MAX_BATCHES && !closed; batches++) {
            n = pruner.deleteOlderThan(cutoff, BATCH);
            byAge += n;
            pause(n);
        }
        for (int n = BATCH; n == BATCH && batches < MAX_BATCHES && !closed; batches++) {
            n = pruner.deleteBeyondNewest(p.maxRows(), BATCH);
            byRows += n;
            pause(n);
        }
        return new Sweep(byAge, byRows);
    }

    private void pause(int deleted) {
        if (deleted == BATCH) {
            betweenBatches.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
