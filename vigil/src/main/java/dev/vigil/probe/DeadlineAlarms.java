package dev.vigil.probe;

import dev.vigil.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one platform thread that fires {@link Deadline}s: it sleeps until the earliest pending deadline
 * and expires every deadline that is due when it wakes.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: a healthy probe cancels its alarm a fraction of a
 * millisecond after setting it, so the executor's queue is mostly empty and nearly every new alarm
 * becomes its head and wakes the timer thread (two futex calls per round). Here adding an alarm
 * wakes the thread only if it is due before the thread's planned wake-up, and cancelling never wakes
 * it; the planned wake-up may then find nothing due, which costs one wake per timeout period
 * instead of one per round. A virtual thread is not used: it could be starved along with the probes.
 *
 * <p>Time is the injected {@link Ticker}'s; the thread parks for the nanoseconds the ticker says are
 * left, so with {@link Ticker#system()} it wakes on real time. Built by the composition root (the
 * daemon, {@code vigil probe}) and closed by it; a test without a thread ({@link #DeadlineAlarms(Ticker)})
 * moves a fake ticker and calls {@link #expireDue()}.
 */
public final class DeadlineAlarms implements AutoCloseable {

    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    /** Pending alarms, earliest first. Guarded by {@link #lock}. */
    private final PriorityQueue<Deadline> pending =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos() - b.deadlineNanos(), 0));
    /** Whether the thread sleeps with nothing planned. Guarded by {@link #lock}. */
    private boolean idle = true;
    /** When the thread plans to wake up (meaningful when not {@link #idle}). Guarded by {@link #lock}. */
    private long plannedWakeNanos;
    /** Null when a test turns the alarms by hand. */
    private final Thread thread;
    private volatile boolean closed;

    private DeadlineAlarms(Ticker ticker, String threadName) {
        this.ticker = ticker;
        this.thread = threadName == null ? null : Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::loop);
    }

    /** Without a thread: nothing expires until {@link #expireDue()} is called (tests, with a fake ticker). */
    DeadlineAlarms(Ticker ticker) {
        this(ticker, null);
    }

    /** Starts the alarm thread {@code vigil-probe-deadlines} (a daemon thread) on {@code ticker}. */
    public static DeadlineAlarms start(Ticker ticker) {
        return start(ticker, "vigil-probe-deadlines");
    }

    /** As {@link #start(Ticker)} with a chosen thread name. */
    static DeadlineAlarms start(Ticker ticker, String threadName) {
        DeadlineAlarms alarms = new DeadlineAlarms(ticker, threadName);
        alarms.thread.start();
        return alarms;
    }

    /** The clock deadlines are counted on. */
    Ticker ticker() {
        return ticker;
    }

    /**
     * Expires {@code deadline} at its deadline unless {@link #cancel} comes first; at once when
     * these alarms are closed (nothing would fire it later, and a probe must never wait unbounded).
     */
    void add(Deadline deadline) {
        boolean wake = false;
        boolean refused;
        lock.lock();
        try {
            refused = closed;
            if (!refused) {
                pending.add(deadline);
                wake = idle || deadline.deadlineNanos() - plannedWakeNanos < 0;
                if (wake) {
                    idle = false;
                    plannedWakeNanos = deadline.deadlineNanos();
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused) {
            deadline.expire();   // on this thread: there is no alarm thread any more
        } else if (wake && thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Forgets {@code deadline}; it may still expire if it was already due. Never wakes the thread. */
    void cancel(Deadline deadline) {
        lock.lock();
        try {
            pending.remove(deadline);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One turn by hand (the alarms were built without a thread): expires every deadline due at the
     * ticker's now, in deadline order.
     *
     * @return how many expired
     */
    int expireDue() {
        List<Deadline> due = new ArrayList<>();
        takeDue(due);
        due.forEach(Deadline::expire);
        return due.size();
    }

    /**
     * Fires every pending deadline at once (on the calling thread) and every later one as it is
     * added, and ends the alarm thread at its next turn: a probe still running, or started after,
     * fails fast instead of waiting for an alarm that would never come. Close after the probing.
     */
    @Override
    public void close() {
        List<Deadline> left;
        lock.lock();
        try {
            closed = true;   // under the lock: an add() either queued before (taken here) or sees it
            left = new ArrayList<>(pending);
            pending.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(Deadline::expire);
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        List<Deadline> due = new ArrayList<>();
        while (!closed) {
            long parkNanos = takeDue(due);
            if (!due.isEmpty()) {
                for (Deadline deadline : due) {
                    deadline.expire();
                }
                due.clear();
                // expire() may park (a guarded close waiting on a lock) and so use up the permit an
                // add() left meanwhile: look at the queue again before sleeping, never park right after.
                continue;
            }
            // An add() or close() between the unlock and here leaves a permit, so the park returns at once.
            if (parkNanos == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, parkNanos);
            }
        }
    }

    /**
     * Moves every deadline due at the ticker's now into {@code due} and plans the next wake-up.
     *
     * @return nanoseconds until the earliest deadline still pending, 0 when none is (park until woken)
     */
    private long takeDue(List<Deadline> due) {
        lock.lock();
        try {
            long now = ticker.nanoTime();
            Deadline head;
            while ((head = pending.peek()) != null && head.deadlineNanos() - now <= 0) {
                due.add(pending.poll());
            }
            idle = head == null;
            plannedWakeNanos = idle ? now : head.deadlineNanos();
            return idle ? 0 : head.deadlineNanos() - now;
        } finally {
            lock.unlock();
        }
    }
}
