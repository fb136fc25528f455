package dev.vigil.probe;

import dev.vigil.config.ProbeSpec;
import java.util.function.Consumer;

/**
 * One probe of one instance of a service: its schedule, its counter and where its reports go.
 * A new instance gets a new worker; the old one is cancelled, and a cancelled worker delivers nothing.
 *
 * <p>{@link #nextDueNanos} belongs to the scheduler thread. {@link #inFlight} is set by the
 * scheduler thread and cleared by the thread that ran the probe. The counter, the cancelled flag
 * and delivery to the sink are guarded by the worker's monitor, which is what makes "no report
 * after stop returns" hold.
 */
final class ProbeWorker {

    final String service;
    final ProbeSpec spec;
    final long instance;
    final Consumer<ProbeReport> sink;
    final long intervalNanos;
    final long lateLimitNanos;
    final ProbeCounter counter;

    long nextDueNanos;
    volatile boolean inFlight;
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
    }

    synchronized void cancel() {
        cancelled = true;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Counts {@code outcome} and hands the report to the sink, unless the worker was cancelled. */
    synchronized void deliver(ProbeOutcome outcome) {
        if (cancelled) {
            return;
        }
        boolean changed = counter.count(outcome.verdict());
        sink.accept(new ProbeReport(service, spec.name(), spec.role(), spec.process(), instance, outcome,
                counter.consecutiveFailures(), counter.consecutiveSuccesses(), counter.failing(), changed));
    }
}
