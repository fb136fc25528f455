package dev.vigil.probe;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import java.util.function.Consumer;

/**
 * One probe of one instance of a service: its schedule, its counter and where its reports go.
 * A new instance gets a new worker; the old one is cancelled, and a cancelled worker delivers nothing.
 *
 * <p>{@link #nextDueNanos} belongs to the scheduler thread. Whether a round is in flight, and the
 * round that came due meanwhile (owed), are guarded by the worker's monitor: the scheduler thread
 * claims a round, the thread that ran the probe hands over to the owed one. The counter, the
 * cancelled flag and delivery to the sink are guarded by the same monitor, which is what makes
 * "no report after stop returns" hold.
 *
 * <p><b>Start window.</b> A liveness probe of a new instance does not count failures until its
 * first success or until {@link #START_WINDOW_INTERVALS} intervals after its first round was due,
 * whichever comes first (Kubernetes' startup probes, without a separate probe): a process that
 * needs a second to bind its port is not restarted over and over for it. Such rounds are still
 * reported, with the failure counts unchanged ({@link ProbeReport#counted()} is false). The
 * {@code memory} probe has no start window: its reading means the same from the first round.
 */
final class ProbeWorker {

    final String service;
    final ProbeSpec spec;
    final long instance;
    final Consumer<ProbeReport> sink;
    final long intervalNanos;
    final long lateLimitNanos;
    final ProbeCounter counter;

    /** How many intervals after its first due round a new liveness probe's failures start to count. */
    static final int START_WINDOW_INTERVALS = 3;

    final long startWindowEndNanos;
    long nextDueNanos;
    private boolean inFlight;
    /** A round came due while another was in flight; {@link #owedDueNanos} is when. */
    private boolean owed;
    private long owedDueNanos;
    private boolean succeededOnce;
    private boolean cancelled;

    ProbeWorker(String service, long instance, ProbeSpec spec, Consumer<ProbeReport> sink, long firstDueNanos) {
        this.service = service;
        this.spec = spec;
        this.instance = instance;
        this.sink = sink;
        this.intervalNanos = spec.interval().toNanos();
        this.lateLimitNanos = ProbeScheduler.lateLimit(spec.interval()).toNanos();
        this.counter = new ProbeCounter(spec.failures(), spec.successes());
        this.nextDueNanos = firstDueNanos;
        // A memory reading needs no warm-up: a process above its limit from the start is counted at once.
        boolean window = spec.role() == ProbeRole.LIVENESS && !(spec.target() instanceof ProbeTarget.Memory);
        this.startWindowEndNanos = window ? firstDueNanos + START_WINDOW_INTERVALS * intervalNanos : firstDueNanos;
    }

    /**
     * The scheduler thread's claim of the round due at {@code dueNanos}: true when it may launch it;
     * false when a round is still in flight, which then owes this one (the latest owed round wins).
     */
    synchronized boolean claim(long dueNanos) {
        if (inFlight) {
            owed = true;
            owedDueNanos = dueNanos;
            return false;
        }
        inFlight = true;
        return true;
    }

    /**
     * The round in flight has ended at {@code nowNanos}. Returns the due time of the owed round when
     * it should run now (owed, not cancelled, and not later than the lateness limit), keeping the
     * worker in flight for it; otherwise {@code Long.MIN_VALUE}, and nothing is in flight any more.
     */
    synchronized long finish(long nowNanos) {
        boolean runOwed = owed && !cancelled && nowNanos - owedDueNanos <= lateLimitNanos;
        owed = false;
        inFlight = runOwed;
        return runOwed ? owedDueNanos : Long.MIN_VALUE;
    }

    synchronized boolean inFlight() {
        return inFlight;
    }

    synchronized void cancel() {
        cancelled = true;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /**
     * Counts {@code outcome} of the round that started at {@code startedNanos} and hands the report
     * to the sink, unless the worker was cancelled. A failure within the start window, before any
     * success, is reported but not counted.
     */
    synchronized void deliver(ProbeOutcome outcome, long startedNanos) {
        if (cancelled) {
            return;
        }
        ProbeOutcome.Verdict verdict = outcome.verdict();
        succeededOnce |= verdict == ProbeOutcome.Verdict.SUCCESS;
        if (verdict == ProbeOutcome.Verdict.FAILURE && !succeededOnce && startedNanos - startWindowEndNanos < 0) {
            verdict = ProbeOutcome.Verdict.NEUTRAL;
        }
        boolean changed = counter.count(verdict);
        sink.accept(new ProbeReport(service, spec.name(), spec.role(), spec.process(), instance, outcome,
                counter.consecutiveFailures(), counter.consecutiveSuccesses(), counter.failing(), changed));
    }
}
