package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.process.ProcessInspector;
import dev.vigil.time.Ticker;
import java.time.Duration;

/**
 * Runs one probe once and says how it went. Stateless: schedules, counters and verdicts live in
 * {@link ProbeScheduler}; this is the single step.
 *
 * <p>Every kind holds {@code timeout} as a hard overall limit: the calling thread returns within
 * {@code timeout} plus a few milliseconds however the peer behaves (accepts and never answers,
 * answers a byte a second, is SIGSTOPped). Thread-safe; blocking, so call it from a virtual thread
 * when running many.
 */
@FunctionalInterface
public interface Prober {

    ProbeOutcome probe(ProbeTarget target, Duration timeout);

    /**
     * The real probers of every kind: {@code ticker} measures latencies, {@code alarms} fires their
     * deadlines (its owner closes it after the last probe), exec probes find their programs on
     * {@code searchPath} and sweep what they leave behind in {@code inspector}'s /proc; no memory
     * gauge ({@code memory} probes are then Unprobeable).
     */
    static Prober standard(Ticker ticker, SearchPath searchPath, DeadlineAlarms alarms, ProcessInspector inspector) {
        return standard(ticker, searchPath, alarms, inspector, MemoryGauge.NONE);
    }

    /** As above; {@code memory} probes read {@code memory} (the daemon's gauge). */
    static Prober standard(Ticker ticker, SearchPath searchPath, DeadlineAlarms alarms, ProcessInspector inspector,
            MemoryGauge memory) {
        return new KindProber(ticker, searchPath, alarms, inspector, memory);
    }
}
