package dev.vigil.store;

import dev.vigil.event.VigilEvent;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes events to the store from one background thread, in batches (one transaction per batch),
 * so the supervisor thread only pays for a queue insertion. Repeated identical probe failures and
 * STATUS= texts become one row with a count ({@link EventCoalescer}).
 *
 * <p>Recording is never a precondition of supervising. {@link #offer} never blocks: when the
 * bounded queue is full the event is dropped and counted. When the store cannot be opened or a
 * write fails (a full disk: {@code SQLITE_FULL}), the batch is held and retried with a growing
 * delay while new events wait in the queue; what is lost and why is told to {@code reports} as a
 * typed, counted, rate-limited {@link RecordingReport}, and so is the moment recording resumes.
 * {@link #close()} makes one last attempt at everything accepted before it was called, then
 * returns. Thread-safe.
 */
public final class AsyncEventWriter implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final int MAX_BATCH = 1_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** Wakes the writer from its wait at close; never written. */
    private static final TimedEvent WAKE = new TimedEvent(Instant.EPOCH, null);

    /** How often to retry a failing store and to report ongoing losses. */
    public record Timing(Duration firstRetry, Duration maxRetry, Duration reportEvery) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    private final StoreKeeper keeper;
    private final Timing timing;
    private final Consumer<RecordingReport> reports;
    private final Ticker ticker;
    private final BlockingQueue<TimedEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedUnreported = new AtomicLong();
    private final EventCoalescer coalescer = new EventCoalescer();
    private final Map<EventCoalescer.RunKey, Long> rowIds = new HashMap<>();
    private final RecordingStatus status;
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean failingNow;

    public AsyncEventWriter(EventStore store) {
        this(store, DEFAULT_CAPACITY);
    }

    public AsyncEventWriter(EventStore store, int capacity) {
        this(StoreKeeper.of(store.owner()), capacity, Timing.DEFAULT, report -> { }, Ticker.system());
    }

    public AsyncEventWriter(StoreKeeper keeper, int capacity, Timing timing, Consumer<RecordingReport> reports,
                            Ticker ticker) {
        this.keeper = keeper;
        this.timing = timing;
        this.reports = reports;
        this.ticker = ticker;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.status = new RecordingStatus("events", timing.reportEvery());
        this.writer = Thread.ofPlatform().name("vigil-event-writer").daemon(true).start(this::run);
    }

    /**
     * Queues an event for writing.
     *
     * @return false when the event was dropped (queue full, or the writer is closed)
     */
    public boolean offer(Instant at, VigilEvent event) {
        boolean accepted;
        // Under the lock that close() takes, so every accepted event is queued before closing is seen.
        synchronized (this) {
            accepted = !closing && queue.offer(new TimedEvent(at, event));
        }
        if (!accepted) {
            dropped.incrementAndGet();
            droppedUnreported.incrementAndGet();
        }
        return accepted;
    }

    /** Events dropped because the queue was full, the writer closed, or the store never came back before close. */
    public long dropped() {
        return dropped.get();
    }

    /** Whether the last write attempt failed (the store is not recording). */
    public boolean failing() {
        return failingNow;
    }

    /** Stops accepting events, makes one last attempt at every queued one, and waits for the writer thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        queue.offer(WAKE);
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<EventCoalescer.Step> held = List.of();
        long retryNanos = timing.firstRetry().toNanos();
        while (true) {
            if (held.isEmpty()) {
                List<TimedEvent> batch = nextBatch();
                if (batch.isEmpty()) {
                    if (closing && queue.isEmpty()) {
                        break;
                    }
                    noteDrops();
                    tell(status.tick(ticker.nanoTime(), queue.size()));
                    continue;
                }
                held = coalescer.steps(batch);
            }
            String failure = write(held);
            noteDrops();
            if (failure == null) {
                held = List.of();
                retryNanos = timing.firstRetry().toNanos();
                failingNow = false;
                tell(status.wrote(ticker.nanoTime()));
                continue;
            }
            failingNow = true;
            if (closing) {
                // The daemon is stopping: what cannot be written now is lost, and said so.
                long lost = held.size() + queue.stream().filter(e -> e != WAKE).count();
                queue.clear();
                held = List.of();
                dropped.addAndGet(lost);
                tell(java.util.Optional.of(status.lostAtEnd(ticker.nanoTime(), lost, failure)));
                continue;
            }
            tell(status.failed(ticker.nanoTime(), held.size() + queue.size(), failure));
            LockSupport.parkNanos(this, retryNanos);
            retryNanos = Math.min(retryNanos * 2, timing.maxRetry().toNanos());
        }
    }

    /**
     * Up to MAX_BATCH events; waits at most a second for the first, so losses are reported even
     * when idle, and not at all once closing: close()'s wake-up may already have been taken with the
     * last events, and waiting then held every daemon's exit for a second after its last write.
     */
    private List<TimedEvent> nextBatch() {
        List<TimedEvent> batch = new ArrayList<>();
        try {
            TimedEvent first = closing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
            if (first == null) {
                return batch;
            }
            batch.add(first);
        } catch (InterruptedException e) {
            return batch;
        }
        queue.drainTo(batch, MAX_BATCH - 1);
        batch.removeIf(e -> e == WAKE);
        return batch;
    }

    /** @return null when written, else why not */
    private String write(List<EventCoalescer.Step> steps) {
        try {
            var store = keeper.tryOpen();
            if (store.isEmpty()) {
                return keeper.problem().orElse("the store is not open");
            }
            store.get().events().write(steps, rowIds);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    private void noteDrops() {
        long n = droppedUnreported.getAndSet(0);
        if (n > 0) {
            tell(status.dropped(ticker.nanoTime(), n, queue.size(),
                    closing ? "the daemon is stopping" : "the event queue is full (" + queue.size() + " waiting)"));
        }
    }

    private void tell(java.util.Optional<RecordingReport> report) {
        report.ifPresent(r -> {
            try {
                reports.accept(r);
            } catch (RuntimeException e) {
                // A failing listener must not stop the writer; the report is lost with it.
            }
        });
    }
}
