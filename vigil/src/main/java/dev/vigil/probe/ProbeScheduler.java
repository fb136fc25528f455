package dev.vigil.probe;

import dev.vigil.config.ProbeSpec;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Runs every probe on its schedule and reports each counted round: the {@link ProbeControl} the
 * supervisor uses.
 *
 * <p>One platform thread keeps a queue of workers ordered by due time and launches each due round
 * on a thread of {@link RoundThreads} (a reused platform thread, or a virtual thread when those are
 * all busy), which runs the blocking {@link Prober} and delivers the report. Per probe:
 * the first round runs {@code start_grace} after {@link #start}, then one every {@code interval}
 * (fixed rate: a round missed entirely, e.g. while the daemon was paused, is skipped, not made up
 * in a burst); at most one round is in flight, and a round that comes due while the previous one
 * still runs is owed: it runs as soon as that one ends, if that is within the lateness limit of
 * its due time (else it is skipped); counters belong to one instance and start at zero with it.
 * A new liveness probe counts failures only after its first success or its start window
 * ({@link ProbeWorker#START_WINDOW_INTERVALS} intervals).
 *
 * <p><b>Lateness.</b> A round whose probe started more than {@link #lateLimit} after it was due,
 * or whose run overran its timeout by more than that, happened while Vigil itself was starved or
 * paused: if it failed, the failure may be ours, so it is reported as {@link ProbeOutcome.Unknown}
 * (neutral, counts neither way). A success under the same conditions still counts: an answer is
 * evidence however late we asked.
 *
 * <p>Thread-safe. Reports of a worker replaced by {@link #start} or removed by {@link #stop} are
 * never delivered after that call returns.
 */
public final class ProbeScheduler implements ProbeControl, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProbeScheduler.class.getName());
    private static final long MIN_LATE_LIMIT_NANOS = Duration.ofSeconds(1).toNanos();
    /** The loop re-checks at least this often, so a lost wake-up costs little. */
    private static final long MAX_PARK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Prober prober;
    private final Ticker ticker;
    private final Executor runner;
    private final LongConsumer latenessObserver;
    private final Map<Key, ProbeWorker> workers = new ConcurrentHashMap<>();
    private final Queue<ProbeWorker> added = new ConcurrentLinkedQueue<>();
    /** Workers asked to run a round now ({@link #runNow}), off their schedule. */
    private final Queue<ProbeWorker> askedNow = new ConcurrentLinkedQueue<>();
    /** Owned by whichever thread calls {@link #runDue}: the loop thread, or a test. */
    private final PriorityQueue<ProbeWorker> schedule =
            new PriorityQueue<>((a, b) -> Long.compare(a.nextDueNanos - b.nextDueNanos, 0));
    private volatile Thread loopThread;
    /** The round threads {@link #running} made, shut down by {@link #close}; null for a test's executor. */
    private volatile ExecutorService ownedRunner;
    private volatile boolean closed;

    /**
     * A scheduler without a loop thread: rounds run only when {@link #runDue} is called. For tests
     * (with a fake ticker and a manual executor) and for {@link #running}.
     *
     * @param latenessObserver receives, for every round, how late its probe started, in nanoseconds
     */
    ProbeScheduler(Prober prober, Ticker ticker, Executor runner, LongConsumer latenessObserver) {
        this.prober = prober;
        this.ticker = ticker;
        this.runner = runner;
        this.latenessObserver = latenessObserver;
    }

    /** A scheduler running on its own thread, rounds on {@link RoundThreads}. {@link #close} stops it. */
    public static ProbeScheduler running(Prober prober, Ticker ticker) {
        return running(prober, ticker, lateness -> { });
    }

    /**
     * As {@link #running(Prober, Ticker)}, also telling {@code latenessObserver} how late each
     * round's probe started (nanoseconds; for metrics and benchmarks; called from probe threads).
     */
    public static ProbeScheduler running(Prober prober, Ticker ticker, LongConsumer latenessObserver) {
        ThreadPoolExecutor roundThreads = RoundThreads.newExecutor(RoundThreads.PLATFORM_THREADS, RoundThreads.KEEP_ALIVE);
        ProbeScheduler scheduler = new ProbeScheduler(prober, ticker, roundThreads, latenessObserver);
        scheduler.ownedRunner = roundThreads;
        Thread thread = Thread.ofPlatform().name("vigil-probe-scheduler").daemon(true).unstarted(scheduler::loop);
        scheduler.loopThread = thread;
        thread.start();
        return scheduler;
    }

    /** How late a round of a probe with this interval may start and still be judged: max(1 s, interval / 2). */
    public static Duration lateLimit(Duration interval) {
        return Duration.ofNanos(Math.max(MIN_LATE_LIMIT_NANOS, interval.toNanos() / 2));
    }

    @Override
    public void start(String service, long instance, List<ProbeSpec> probes, Consumer<ProbeReport> sink) {
        long now = ticker.nanoTime();
        for (ProbeSpec spec : probes) {
            ProbeWorker worker = new ProbeWorker(service, instance, spec, sink, now + spec.startGrace().toNanos());
            ProbeWorker previous = workers.put(new Key(service, spec.name()), worker);
            if (previous != null) {
                previous.cancel();
            }
            added.add(worker);
        }
        wakeLoop();
    }

    @Override
    public void stop(String service, List<String> probeNames) {
        for (String name : probeNames) {
            ProbeWorker worker = workers.remove(new Key(service, name));
            if (worker != null) {
                worker.cancel();
            }
        }
    }

    @Override
    public void stopAll(String service) {
        workers.entrySet().removeIf(entry -> {
            if (!entry.getKey().service().equals(service)) {
                return false;
            }
            entry.getValue().cancel();
            return true;
        });
    }

    @Override
    public List<String> runNow(String service, List<String> probeNames) {
        List<String> asked = new java.util.ArrayList<>();
        for (String name : probeNames) {
            ProbeWorker worker = workers.get(new Key(service, name));
            if (worker != null) {
                askedNow.add(worker);
                asked.add(name);
            }
        }
        wakeLoop();
        return asked;
    }

    /** Stops the loop thread and every probe; rounds in flight finish but deliver nothing. */
    @Override
    public void close() {
        closed = true;
        workers.values().forEach(ProbeWorker::cancel);
        workers.clear();
        wakeLoop();
        ExecutorService runnerToStop = ownedRunner;
        if (runnerToStop != null) {
            runnerToStop.shutdown();
        }
    }

    /**
     * The single step: launches every round due at {@code nowNanos} and returns when the next one is
     * due ({@code Long.MAX_VALUE} when nothing is scheduled). Only one thread may call it.
     */
    long runDue(long nowNanos) {
        for (ProbeWorker worker; (worker = added.poll()) != null; ) {
            schedule.add(worker);
        }
        for (ProbeWorker worker; (worker = askedNow.poll()) != null; ) {
            // Due now, off the schedule (which keeps its phase); one in flight owes it instead.
            if (!worker.cancelled() && worker.claim(nowNanos)) {
                ProbeWorker now = worker;
                runner.execute(() -> runRounds(now, nowNanos));
            }
        }
        while (!schedule.isEmpty()) {
            ProbeWorker worker = schedule.peek();
            if (worker.cancelled()) {
                schedule.poll();
                continue;
            }
            long due = worker.nextDueNanos;
            if (due - nowNanos > 0) {
                return due;
            }
            schedule.poll();
            if (worker.claim(due)) {
                runner.execute(() -> runRounds(worker, due));
            }
            // Fixed rate, keeping the phase; rounds that fell entirely into a stall are skipped.
            long behind = nowNanos - due;
            worker.nextDueNanos = due + worker.intervalNanos * (1 + behind / worker.intervalNanos);
            schedule.add(worker);
        }
        return Long.MAX_VALUE;
    }

    /**
     * Runs the round of {@code worker} planned for {@code dueNanos} on the calling (probe) thread,
     * then the round that came due meanwhile, if it is owed (with timeout close to interval, a
     * timed-out round ends just as the next is due: skipping that one put two failures two
     * intervals apart instead of one).
     */
    private void runRounds(ProbeWorker worker, long dueNanos) {
        long due = dueNanos;
        while (due != Long.MIN_VALUE) {
            try {
                runRound(worker, due);
            } finally {
                due = worker.finish(ticker.nanoTime());
            }
        }
    }

    private void runRound(ProbeWorker worker, long dueNanos) {
        long started = ticker.nanoTime();
        try {
            long lateness = started - dueNanos;
            latenessObserver.accept(lateness);
            ProbeOutcome raw = prober.probe(worker.spec.target(), worker.spec.timeout());
            long overrun = ticker.nanoTime() - started - worker.spec.timeout().toNanos();
            worker.deliver(judgeLateness(raw, lateness, overrun, worker.lateLimitNanos), started);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "probe " + worker.service + "/" + worker.spec.name() + " failed to run", e);
            worker.deliver(new ProbeOutcome.Unprobeable("the prober failed: " + e), started);
        }
    }

    /**
     * A failure seen while Vigil itself was late (the round started {@code startLateNanos} after it
     * was due, or ran {@code overrunNanos} past its timeout) is not the service's fault for sure:
     * it becomes {@link ProbeOutcome.Unknown}. Successes and neutral outcomes pass unchanged.
     */
    static ProbeOutcome judgeLateness(ProbeOutcome raw, long startLateNanos, long overrunNanos, long lateLimitNanos) {
        if (raw.verdict() != ProbeOutcome.Verdict.FAILURE) {
            return raw;
        }
        long late = Math.max(startLateNanos, overrunNanos);
        return late > lateLimitNanos ? new ProbeOutcome.Unknown(Duration.ofNanos(late)) : raw;
    }

    private void loop() {
        while (!closed) {
            long next = runDue(ticker.nanoTime());
            long wait = next == Long.MAX_VALUE ? MAX_PARK_NANOS : Math.min(MAX_PARK_NANOS, next - ticker.nanoTime());
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    private void wakeLoop() {
        Thread thread = loopThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private record Key(String service, String probe) {
    }
}
