package dev.vigil.liveness;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A loop's proof of progress, checked by the watchdog against a budget.
 *
 * <p>{@link #beat()} is the hot-path call: it reads no clock, allocates nothing and takes no lock;
 * it bumps a counter with an opaque store, and the watchdog notices that the counter moved. A loop
 * that legitimately waits (parked on a queue, doing known-long work) brackets the wait with
 * {@link #idle()} and {@link #busy()} so that it is not called stalled:
 *
 * <pre>{@code
 * while (running) {
 *     hb.idle();
 *     Job job = queue.take();      // may wait for hours: not a stall
 *     hb.busy();
 *     handle(job);                 // must finish within the budget
 *     hb.beat();
 * }
 * }</pre>
 *
 * <p>One thread owns a heartbeat: the thread that first beats it (or last called {@link #busy()})
 * is the one whose stack is logged when it stalls. Calls from several threads are safe but may
 * name the wrong thread.
 */
public final class Heartbeat {
    private static final VarHandle WORD;
    private static final VarHandle OWNER;
    static final long IDLE_BIT = 1L;
    private static final long ONE_BEAT = 2L;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WORD = lookup.findVarHandle(Heartbeat.class, "word", long.class);
            OWNER = lookup.findVarHandle(Heartbeat.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Duration budget;
    private final long budgetNanos;
    private final long registeredAtNanos;
    /** Bit 0: idle; bits 1..63: a beat counter. Written by the owner, read by the watchdog. */
    @SuppressWarnings("unused") // accessed through WORD
    private long word;
    @SuppressWarnings("unused") // accessed through OWNER
    private Thread owner;

    Heartbeat(String name, Duration budget, long registeredAtNanos) {
        this.name = name;
        this.budget = budget;
        this.budgetNanos = budget.toNanos();
        this.registeredAtNanos = registeredAtNanos;
    }

    /** Records progress. Wait-free, allocation-free, clock-free. */
    public void beat() {
        if (OWNER.getOpaque(this) == null) {
            OWNER.setRelease(this, Thread.currentThread());
        }
        WORD.setOpaque(this, (long) WORD.getOpaque(this) + ONE_BEAT);
    }

    /** Marks the loop as legitimately waiting: it is not stalled however long it stays idle. */
    public void idle() {
        WORD.setRelease(this, ((long) WORD.getOpaque(this) | IDLE_BIT) + ONE_BEAT);
    }

    /** Ends an {@link #idle()} stretch: the budget runs again from now, on the calling thread. */
    public void busy() {
        OWNER.setRelease(this, Thread.currentThread());
        WORD.setRelease(this, ((long) WORD.getOpaque(this) & ~IDLE_BIT) + ONE_BEAT);
    }

    /** The name given at registration, shown in /health and in stall reports. */
    public String name() {
        return name;
    }

    /** How long the loop may go without a beat (while busy) before it counts as stalled. */
    public Duration budget() {
        return budget;
    }

    long budgetNanos() {
        return budgetNanos;
    }

    long registeredAtNanos() {
        return registeredAtNanos;
    }

    /** The current word, as the watchdog sees it. */
    long word() {
        return (long) WORD.getAcquire(this);
    }

    /** The thread that owns the loop, or null if it never beat. */
    Thread owner() {
        return (Thread) OWNER.getAcquire(this);
    }
}
