package dev.vigil.probe;

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
 */
final class DeadlineAlarms {

    static final DeadlineAlarms SHARED = new DeadlineAlarms("vigil-probe-deadlines");

    private final ReentrantLock lock = new ReentrantLock();
    /** Pending alarms, earliest first. Guarded by {@link #lock}. */
    private final PriorityQueue<Deadline> pending =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos() - b.deadlineNanos(), 0));
    /** Whether the thread sleeps with nothing planned. Guarded by {@link #lock}. */
    private boolean idle = true;
    /** When the thread plans to wake up (meaningful when not {@link #idle}). Guarded by {@link #lock}. */
    private long plannedWakeNanos;
    private final Thread thread;

    /** Starts its thread (a daemon); tests make their own, probes share {@link #SHARED}. */
    DeadlineAlarms(String threadName) {
        thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** Expires {@code deadline} at its deadline unless {@link #cancel} comes first. */
    void add(Deadline deadline) {
        boolean wake;
        lock.lock();
        try {
            pending.add(deadline);
            wake = idle || deadline.deadlineNanos() - plannedWakeNanos < 0;
            if (wake) {
                idle = false;
                plannedWakeNanos = deadline.deadlineNanos();
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
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

    private void loop() {
        List<Deadline> due = new ArrayList<>();
        while (true) {
            long parkNanos;
            lock.lock();
            try {
                long now = System.nanoTime();
                Deadline head;
                while ((head = pending.peek()) != null && head.deadlineNanos() - now <= 0) {
                    due.add(pending.poll());
                }
                idle = head == null;
                plannedWakeNanos = idle ? now : head.deadlineNanos();
                parkNanos = idle ? 0 : head.deadlineNanos() - now;
            } finally {
                lock.unlock();
            }
            if (!due.isEmpty()) {
                for (Deadline deadline : due) {
                    deadline.expire();
                }
                due.clear();
                // expire() may park (a guarded close waiting on a lock) and so use up the permit an
                // add() left meanwhile: look at the queue again before sleeping, never park right after.
                continue;
            }
            // An add() between the unlock and here leaves a permit, so the park returns at once.
            if (parkNanos == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, parkNanos);
            }
        }
    }
}
