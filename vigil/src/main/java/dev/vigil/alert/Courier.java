package dev.vigil.alert;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Delivers one target's notices in order on its own thread, so a slow or dead target never holds
 * up supervision or another target. The queue is bounded: when full, the oldest notice is dropped,
 * counted and logged as {@code notify_dropped}.
 */
final class Courier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Courier.class.getName());

    private final String target;
    private final Transport transport;
    private final RetryPolicy retry;
    private final int capacity;
    private final AlertCounter counter;
    private final Consumer<Delivered> delivered;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    private long dropped;

    /** A notice and its outbox row (0 when not stored). */
    record Outgoing(long id, AlertNotice notice) {}

    /** What became of one notice, for the outbox. */
    record Delivered(Outgoing outgoing, DeliveryResult result) {}

    Courier(String target, Transport transport, RetryPolicy retry, int capacity, AlertCounter counter,
            Consumer<Delivered> delivered) {
        this.target = target;
        this.transport = transport;
        this.retry = retry;
        this.capacity = capacity;
        this.counter = counter;
        this.delivered = delivered;
        this.thread = Thread.ofPlatform().daemon().name("vigil-alert-" + target).start(this::run);
    }

    /** A notice that is not stored in the outbox. */
    void offer(AlertNotice notice) {
        offer(new Outgoing(0, notice));
    }

    /** Never blocks on delivery. */
    void offer(Outgoing notice) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                Outgoing oldest = queue.removeFirst();
                dropped++;
                counter.count(target, "dropped");
                LOG.log(Level.WARNING, "notify_dropped target=" + target + " service=" + oldest.notice().service()
                        + " event=" + oldest.notice().status().label() + " dropped_total=" + dropped
                        + " (queue of " + capacity + " full: the target is down or slow)");
                delivered.accept(new Delivered(oldest, DeliveryResult.failed("dropped: queue full")));
            }
            queue.addLast(notice);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            Outgoing next;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                next = queue.removeFirst();
            } finally {
                lock.unlock();
            }
            DeliveryResult result = deliver(next.notice());
            if (result == null) {
                return;
            }
            delivered.accept(new Delivered(next, result));
        }
    }

    /** Null when closed while waiting to retry. */
    private DeliveryResult deliver(AlertNotice notice) {
        for (int attempt = 1; ; attempt++) {
            DeliveryResult result = transport.send(notice);
            String line = "notify target=" + target + " service=" + notice.service() + " event="
                    + notice.status().label() + " attempt=" + attempt + ": " + result.detail();
            if (result.ok()) {
                counter.count(target, "sent");
                LOG.log(Level.INFO, line);
                return result;
            }
            if (!result.retryable() || attempt >= retry.attempts()) {
                counter.count(target, "failed");
                LOG.log(Level.WARNING, line + " (giving up)");
                return result;
            }
            counter.count(target, "retried");
            Duration wait = retry.delayAfter(attempt);
            LOG.log(Level.WARNING, line + " (retrying in " + wait.toMillis() + " ms)");
            if (!awaitClose(wait)) {
                return null;
            }
        }
    }

    /** Waits {@code d} unless closed first; false when closed. */
    private boolean awaitClose(Duration d) {
        lock.lock();
        try {
            long left = d.toNanos();
            while (!closed && left > 0) {
                try {
                    left = changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the current attempt; pending notices stay in the outbox for the next start. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
