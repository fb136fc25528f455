package dev.vigil.process;

import dev.vigil.event.VigilEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reaps the children Vigil did not start: processes re-parented to it because it is PID 1 of a
 * PID namespace (a container) or a child subreaper ({@code PR_SET_CHILD_SUBREAPER}). Without it
 * every double-forked grandchild of a service would stay a zombie for the life of the container.
 *
 * <p>Never reaps a child of {@link OwnChildren}: those have owners waiting for their exit status.
 * Each round ({@link #reapOnce}) holds {@link OwnChildren#reaping()} and:
 * <ol>
 *   <li>asks {@code waitid(P_ALL, WEXITED|WNOHANG|WNOWAIT)} which child is waitable, without
 *       reaping it; a stranger is then reaped by pid ({@code waitid(P_PID, WNOHANG)}), and the
 *       question asked again. One system call answers "nothing to do" in the common case;</li>
 *   <li>when the answer is one of our own (its owner has not reaped it yet), {@code P_ALL} would
 *       keep naming that one, hiding zombies behind it, so the round also lists our children
 *       ({@code /proc/self/task/*&#47;children}) and reaps every stranger among them in state Z;</li>
 *   <li>every stranger seen alive for the first time is logged once ({@link OrphanEvent.OrphanAdopted})
 *       with the service and process of its environment, and killed (SIGKILL, as the stop's token
 *       sweep would) when the instance token it carries belongs to no running process: the
 *       instance it came from has ended, and Vigil does not adopt leftovers. One adopted while its
 *       instance ran is killed ({@link OrphanEvent.OrphanKilled}) in the first round after that
 *       instance ended, if the instance's own stop did not already sweep it.</li>
 * </ol>
 * Rounds run every {@code period} on a thread of their own ({@code vigil-reaper}), never on the
 * supervisor's; an orphan that lives and dies within one period is reaped but not logged.
 *
 * <p>Thread-safe.
 */
public final class ChildReaper implements AutoCloseable {
    private static final Set<String> IDENTITY = Set.of(NativeProcessLauncher.SERVICE_VARIABLE,
            NativeProcessLauncher.PROCESS_VARIABLE, NativeProcessLauncher.INSTANCE_VARIABLE);
    /** Strangers already logged, with their identity; pruned to the live ones every scan. Guarded by the reaping lock. */
    private final Map<Long, Map<String, String>> known = new HashMap<>();
    private final ProcessInspector inspector;
    private final Predicate<String> liveToken;
    private final Consumer<? super VigilEvent> events;
    private final AtomicLong reaped = new AtomicLong();
    private final AtomicLong adopted = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private final Duration period;

    /** What this JVM is to the orphans of its descendants. */
    public enum Role {
        /** PID 1 of its PID namespace: the kernel re-parents every orphan in the namespace to it. */
        INIT,
        /** A child subreaper: orphans among its descendants are re-parented to it. */
        SUBREAPER
    }

    ChildReaper(ProcessInspector inspector, Duration period, Predicate<String> liveToken, Consumer<? super VigilEvent> events) {
        this.inspector = inspector;
        this.period = period;
        this.liveToken = liveToken;
        this.events = events;
        this.thread = Thread.ofPlatform().name("vigil-reaper").daemon(true).unstarted(this::run);
    }

    /**
     * Makes this JVM a reaper ({@link #becomeReaper}) and starts reaping every {@code period}.
     *
     * @param liveToken true for the instance token of a process the launcher still runs
     * @param events    hears {@link OrphanEvent}s, on the reaper's thread (must not block)
     */
    public static ChildReaper start(ProcessInspector inspector, Duration period, Predicate<String> liveToken,
            Consumer<? super VigilEvent> events) {
        ChildReaper reaper = new ChildReaper(inspector, period, liveToken, events);
        reaper.thread.start();
        return reaper;
    }

    /**
     * PID 1 needs nothing (the kernel already re-parents orphans to it); anyone else asks to be a
     * child subreaper. @throws IllegalStateException with the kernel's reason if refused
     */
    public static Role becomeReaper() {
        if (ProcessHandle.current().pid() == 1) {
            return Role.INIT;
        }
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1) != 0) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER) failed: " + Libc.strerror(Libc.errno()));
        }
        return Role.SUBREAPER;
    }

    /** Children reaped that Vigil did not start, since the start. */
    public long reaped() {
        return reaped.get();
    }

    /** Strangers seen alive (and logged), since the start. */
    public long adopted() {
        return adopted.get();
    }

    /** One round (see the class comment). @return how many strangers it reaped */
    public int reapOnce() {
        Lock lock = OwnChildren.reaping();
        lock.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            int count = 0;
            boolean hidden = false;
            while (true) {
                info.fill((byte) 0);
                if (Libc.waitid(Libc.P_ALL, 0, info, Libc.WEXITED | Libc.WNOHANG | Libc.WNOWAIT) != 0) {
                    int errno = Libc.errno();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    break;   // ECHILD: no children at all
                }
                int pid = info.get(ValueLayout.JAVA_INT, Libc.SI_PID_OFFSET);
                if (pid == 0) {
                    break;   // children, none waitable
                }
                if (OwnChildren.owns(pid)) {
                    hidden = true;   // its owner reaps it; P_ALL would name it again and again
                    break;
                }
                count += reapStranger(pid, info);
            }
            count += scan(info, hidden);
            reaped.addAndGet(count);
            return count;
        } finally {
            lock.unlock();
        }
    }

    private int scan(MemorySegment info, boolean reapZombies) {
        int count = 0;
        Set<Long> strangers = new HashSet<>();
        for (long pid : inspector.ownChildren()) {
            if (OwnChildren.owns(pid)) {
                continue;
            }
            var stat = inspector.stat(pid);
            if (stat.isEmpty()) {
                continue;
            }
            if (stat.get().exited()) {
                if (reapZombies) {
                    count += reapStranger(pid, info);
                }
                continue;
            }
            strangers.add(pid);
            Map<String, String> identity = known.get(pid);
            if (identity == null) {
                known.put(pid, adopt(pid, stat.get().comm()));
            } else if (ended(identity)) {
                kill(pid);
                events.accept(new OrphanEvent.OrphanKilled(identity.get(NativeProcessLauncher.SERVICE_VARIABLE),
                        identity.get(NativeProcessLauncher.PROCESS_VARIABLE), pid, stat.get().comm()));
            }
        }
        known.keySet().retainAll(strangers);
        return count;
    }

    private Map<String, String> adopt(long pid, String command) {
        adopted.incrementAndGet();
        Map<String, String> identity = inspector.environmentEntries(pid, IDENTITY);
        boolean kill = ended(identity);
        if (kill) {
            kill(pid);
        }
        events.accept(new OrphanEvent.OrphanAdopted(identity.get(NativeProcessLauncher.SERVICE_VARIABLE),
                identity.get(NativeProcessLauncher.PROCESS_VARIABLE), pid, command, kill));
        return identity;
    }

    /** It carries an instance token, and no process the launcher runs (or is starting) has it. */
    private boolean ended(Map<String, String> identity) {
        String token = identity.get(NativeProcessLauncher.INSTANCE_VARIABLE);
        return token != null && !liveToken.test(token);
    }

    /** Safe by pid: a live child of ours cannot have been replaced by another process. */
    private static void kill(long pid) {
        Signals.send(pid, dev.vigil.config.UnixSignal.KILL.number());
    }

    /** @return 1 if {@code pid} was reaped; 0 if it was not waitable after all */
    private static int reapStranger(long pid, MemorySegment info) {
        while (true) {
            info.fill((byte) 0);
            if (Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOHANG) == 0) {
                return info.get(ValueLayout.JAVA_INT, Libc.SI_PID_OFFSET) == 0 ? 0 : 1;
            }
            if (Libc.errno() != Libc.EINTR) {
                return 0;
            }
        }
    }

    private void run() {
        try {
            do {
                try {
                    reapOnce();
                } catch (RuntimeException e) {
                    // One bad round (an unreadable /proc entry) must not end reaping for the container's life.
                    System.getLogger(ChildReaper.class.getName()).log(System.Logger.Level.WARNING, "reaping round: " + e);
                }
            } while (!closed.await(period.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the rounds. */
    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(period.toMillis() * 2 + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
