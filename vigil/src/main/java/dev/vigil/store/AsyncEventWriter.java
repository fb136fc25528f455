package dev.vigil.store;

import dev.vigil.event.VigilEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes events to an {@link EventStore} from one background thread, in batches (one transaction
 * per batch), so the supervisor thread only pays for a queue insertion.
 *
 * <p>{@link #offer} never blocks: when the bounded queue is full (the disk has stalled for tens of
 * thousands of events) the event is dropped and counted in {@link #dropped()}, because a
 * supervisor that waits on its history stops supervising. {@link #close()} writes everything
 * accepted before it was called, then returns. Thread-safe.
 */
public final class AsyncEventWriter implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final int MAX_BATCH = 1_000;
    private static final System.Logger LOG = System.getLogger(AsyncEventWriter.class.getName());

    private final EventStore store;
    private final BlockingQueue<TimedEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    /** Queued by close() after the last accepted event; the writer stops when it reaches it. */
    private static final TimedEvent END = new TimedEvent(Instant.EPOCH, null);
    private boolean closing;

    public AsyncEventWriter(EventStore store) {
        this(store, DEFAULT_CAPACITY);
    }

    public AsyncEventWriter(EventStore store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("vigil-event-writer").daemon(true).start(this::run);
    }

    /**
     * Queues an event for writing.
     *
     * @return false when the event was dropped (queue full, or the writer is closed)
     */
    public boolean offer(Instant at, VigilEvent event) {
        boolean accepted;
        boolean closed;
        // Under the lock that close() takes, so every accepted event is queued before the end mark.
        synchronized (this) {
            closed = closing;
            accepted = !closed && queue.offer(new TimedEvent(at, event));
        }
        if (!accepted) {
            if (dropped.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, closed ? "event writer is closed: dropping event {0}"
                        : "event store is not keeping up: dropping events (first: {0})", event.type());
            }
            return false;
        }
        return true;
    }

    /** Events dropped because the queue was full or the writer closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Events lost because the store failed to write their batch (logged). */
    public long failed() {
        return failed.get();
    }

    /** Stops accepting events, writes every queued one, and waits for the writer thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            queue.put(END);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<TimedEvent> batch = new ArrayList<>(MAX_BATCH);
        boolean ended = false;
        while (!ended) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            int end = batch.indexOf(END);
            if (end >= 0) {
                ended = true;
                batch.subList(end, batch.size()).clear();
            }
            try {
                store.appendAll(batch);
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                LOG.log(System.Logger.Level.ERROR, "writing " + batch.size() + " events failed", e);
            }
            batch.clear();
        }
    }
}
