package dev.vigil.process;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes every {@link TailBuffer} of one launcher may hold together. A tail reserves what a
 * new line costs before keeping it and releases what it evicts; a tail that is dropped (its process
 * long gone from the journal) releases what it still held when the garbage collector finds it, so
 * the count never leaks. Thread-safe, lock-free.
 */
final class TailBudget {
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().name("vigil-tail-cleaner").daemon(true).factory());

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    TailBudget(long limit) {
        this.limit = limit;
    }

    /** No limit: for tails created outside a launcher (tests). */
    static TailBudget unlimited() {
        return new TailBudget(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} if they fit under the limit. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit || now + bytes < 0) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    /** Releases {@code held.bytes} once {@code owner} is unreachable. */
    void releaseWhenUnreachable(Object owner, Held held) {
        CLEANER.register(owner, () -> release(held.bytes));
    }

    /** What one tail holds; kept apart from the tail so the cleaning action does not reach it. */
    static final class Held {
        volatile long bytes;
    }
}
