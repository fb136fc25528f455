package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
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

    /** The real probers of every kind; {@code ticker} measures latencies; exec probes search this process's PATH. */
    static Prober standard(Ticker ticker) {
        return standard(ticker, SearchPath.of(System.getenv("PATH")));
    }

    /** The real probers of every kind; exec probes find their programs on {@code searchPath}; no memory gauge. */
    static Prober standard(Ticker ticker, SearchPath searchPath) {
        return new KindProber(ticker, searchPath, MemoryGauge.NONE);
    }

    /** The real probers of every kind; {@code memory} probes read {@code memory} (the daemon's gauge). */
    static Prober standard(Ticker ticker, SearchPath searchPath, MemoryGauge memory) {
        return new KindProber(ticker, searchPath, memory);
    }
}
