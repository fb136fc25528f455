package dev.vigil.store;

import dev.vigil.process.LaunchRecord;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The {@link ProcessRegistry} as the supervisor may use it: recording a launch is attempted at once
 * and waited for only briefly, and never decides whether the process runs. A launch that could not
 * be committed (disk full, store not open) is kept in memory and written by this book's own thread
 * as soon as the store works again; removals likewise. Until then a SIGKILLed daemon could not find
 * that process at its next start, which is the lesser harm: refusing to start a crashed service
 * because its row cannot be written leaves the service down for as long as the disk is full.
 *
 * <p>Failures and the recovery are told to {@code reports} ({@code what} = {@code processes}).
 * Thread-safe.
 */
public final class ProcessBook implements AutoCloseable {
    private final StoreKeeper keeper;
    private final Duration commitWait;
    private final AsyncEventWriter.Timing timing;
    private final Consumer<RecordingReport> reports;
    private final Ticker ticker;
    private final RecordingStatus status;
    private final Thread writer;
    /** Guarded by this: launches not yet committed, and removals not yet committed. */
    private final Map<String, LaunchRecord> toRecord = new LinkedHashMap<>();
    private final Set<String> toRemove = new LinkedHashSet<>();
    private final Map<String, CompletableFuture<Boolean>> commits = new LinkedHashMap<>();
    private volatile boolean closed;

    public ProcessBook(StoreKeeper keeper, Duration commitWait, AsyncEventWriter.Timing timing,
                       Consumer<RecordingReport> reports, Ticker ticker) {
        this.keeper = keeper;
        this.commitWait = commitWait;
        this.timing = timing;
        this.reports = reports;
        this.ticker = ticker;
        this.status = new RecordingStatus("processes", timing.reportEvery());
        this.writer = Thread.ofPlatform().name("vigil-process-book").daemon(true).start(this::run);
    }

    /**
     * Records a launch. Waits at most {@code commitWait} for the row to be committed; never throws.
     *
     * @return true when the row is committed, false when it is still pending (written later)
     */
    public boolean record(LaunchRecord launch) {
        CompletableFuture<Boolean> committed = new CompletableFuture<>();
        synchronized (this) {
            toRemove.remove(launch.instanceToken());
            toRecord.put(launch.instanceToken(), launch);
            commits.put(launch.instanceToken(), committed);
        }
        LockSupport.unpark(writer);
        try {
            return committed.get(commitWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets a process; never blocks (the row is deleted by the book's thread). */
    public void remove(String instanceToken) {
        synchronized (this) {
            if (toRecord.remove(instanceToken) != null) {
                complete(instanceToken, false);
            }
            // Also when never committed: the book's thread may be writing that very row right now.
            toRemove.add(instanceToken);
        }
        LockSupport.unpark(writer);
    }

    /** How many launches and removals wait to be written. */
    public synchronized int pending() {
        return toRecord.size() + toRemove.size();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long retryNanos = timing.firstRetry().toNanos();
        while (true) {
            boolean last = closed;
            Optional<String> failure = flush();
            if (failure.isEmpty()) {
                retryNanos = timing.firstRetry().toNanos();
                status.wrote(ticker.nanoTime()).ifPresent(this::tell);
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            status.failed(ticker.nanoTime(), pending(), failure.get()).ifPresent(this::tell);
            if (last) {
                tell(status.lostAtEnd(ticker.nanoTime(), pending(), failure.get()));
                return;
            }
            LockSupport.parkNanos(this, retryNanos);
            retryNanos = Math.min(retryNanos * 2, timing.maxRetry().toNanos());
        }
    }

    /** Writes what is pending, oldest first. @return why it stopped, if it did */
    private Optional<String> flush() {
        while (true) {
            LaunchRecord launch;
            String removal;
            synchronized (this) {
                launch = toRecord.isEmpty() ? null : toRecord.values().iterator().next();
                removal = launch != null || toRemove.isEmpty() ? null : toRemove.iterator().next();
            }
            if (launch == null && removal == null) {
                return Optional.empty();
            }
            try {
                Optional<VigilStore> store = keeper.tryOpen();
                if (store.isEmpty()) {
                    return Optional.of(keeper.problem().orElse("the store is not open"));
                }
                if (launch != null) {
                    store.get().processes().record(launch);
                } else {
                    store.get().processes().remove(removal);
                }
            } catch (RuntimeException e) {
                return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            synchronized (this) {
                if (launch != null && toRecord.get(launch.instanceToken()) == launch) {
                    toRecord.remove(launch.instanceToken());
                    complete(launch.instanceToken(), true);
                } else if (removal != null) {
                    toRemove.remove(removal);
                }
            }
        }
    }

    private void complete(String token, boolean committed) {
        CompletableFuture<Boolean> f = commits.remove(token);
        if (f != null) {
            f.complete(committed);
        }
    }

    private void tell(RecordingReport report) {
        try {
            reports.accept(report);
        } catch (RuntimeException e) {
            // A failing listener must not stop the book.
        }
    }
}
