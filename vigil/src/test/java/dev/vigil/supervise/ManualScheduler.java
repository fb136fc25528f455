package dev.vigil.supervise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs scheduled tasks only when the test advances the fake clock past their deadline. */
final class ManualScheduler implements Scheduler {
    private final FakeTicker ticker;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final long at;
        final Runnable run;
        volatile boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }
    }

    ManualScheduler(FakeTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public synchronized Cancellable schedule(long atNanos, Runnable task) {
        Task t = new Task(atNanos, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    /** Moves the clock by {@code d} and runs every task now due, earliest first. */
    void advance(Duration d) {
        ticker.advance(d);
        List<Task> due;
        synchronized (this) {
            due = tasks.stream().filter(t -> t.at <= ticker.nanoTime()).sorted(Comparator.comparingLong(t -> t.at)).toList();
            tasks.removeAll(due);
        }
        due.stream().filter(t -> !t.cancelled).forEach(t -> t.run.run());
    }

    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
