package dev.vigil.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * Writes lines to a stream (the daemon's stdout or stderr) on a thread of its own, through a
 * queue bounded in lines and bytes. {@link #offer} never blocks: a reader that stops reading
 * (a stuck {@code | tee}, a stalled log shipper, Ctrl-S in a terminal) blocks only this writer's
 * thread, never the supervisor's. While the queue is full, lines are dropped and counted; the
 * first line written after drops is preceded by {@code dropNote.apply(count)}, so the reader learns
 * what it missed (issue 9 item 2).
 *
 * <p>Thread-safe.
 */
final class AsyncLineWriter implements AutoCloseable {
    static final int MAX_LINES = 10_000;
    /** Overrides {@link #MAX_LINES} for the daemon's stdout (tests use a small queue to see drops soon). */
    static final String QUEUE_LINES_PROPERTY = "vigil.stdout_queue_lines";
    static final long MAX_CHARS = 4L << 20;

    private final PrintStream out;
    private final LongFunction<String> dropNote;
    private final int maxLines;
    private final long maxChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedChars;
    private long dropped;
    private long droppedEver;
    private boolean writing;
    private boolean closed;
    private final Thread thread;

    private AsyncLineWriter(String name, PrintStream out, LongFunction<String> dropNote, int maxLines, long maxChars) {
        this.out = out;
        this.dropNote = dropNote;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** A started writer with the default bounds. */
    static AsyncLineWriter start(String threadName, PrintStream out, LongFunction<String> dropNote) {
        return start(threadName, out, dropNote, MAX_LINES, MAX_CHARS);
    }

    static AsyncLineWriter start(String threadName, PrintStream out, LongFunction<String> dropNote, int maxLines, long maxChars) {
        AsyncLineWriter writer = new AsyncLineWriter(threadName, out, dropNote, maxLines, maxChars);
        writer.thread.start();
        return writer;
    }

    /** Queues {@code line} (without its line break); drops and counts it if the queue is full. Never blocks on the stream. */
    void offer(String line) {
        lock.lock();
        try {
            if (closed || queue.size() >= maxLines || queuedChars + line.length() > maxChars) {
                dropped++;
                droppedEver++;
                return;
            }
            queue.add(line);
            queuedChars += line.length();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lines dropped since the start. */
    long droppedLines() {
        lock.lock();
        try {
            return droppedEver;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code limit} for what was queued to be written, then stops accepting lines. A
     * stream nobody reads cannot hold the daemon's exit longer than that.
     *
     * @return true when everything queued was written
     */
    boolean flush(Duration limit) {
        // The real clock: it bounds a real blocking wait (Condition.awaitNanos) on the way out.
        long deadline = System.nanoTime() + limit.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Flushes for at most 2 s, then refuses further lines. */
    @Override
    public void close() {
        flush(Duration.ofSeconds(2));
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        ArrayDeque<String> batch = new ArrayDeque<>();
        while (true) {
            long missed;
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    if (closed) {
                        return;
                    }
                    changed.await(1, TimeUnit.SECONDS);
                }
                batch.addAll(queue);
                queue.clear();
                queuedChars = 0;
                missed = dropped;
                dropped = 0;
                writing = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            // Outside the lock: this is where a stalled reader blocks us, and only us.
            if (missed > 0) {
                out.println(dropNote.apply(missed));
            }
            for (String line = batch.poll(); line != null; line = batch.poll()) {
                out.println(line);
            }
            out.flush();
            lock.lock();
            try {
                writing = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
