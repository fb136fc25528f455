package dev.vigil.probe;

import dev.vigil.config.ProbeSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the supervisor core's shell turns probing on and off. The probe side owns the schedules,
 * the timeouts and the consecutive counters; it reports every counted round to {@code sink}.
 *
 * <p>Implementations are thread-safe; {@code sink} may be called from any thread (the supervisor
 * shell hands reports to its own thread).
 */
public interface ProbeControl {

    /**
     * Starts (or restarts) probing {@code probes} of {@code service} for a new instance: the
     * counters of these probes reset to zero, their {@code start_grace} begins now, and reports
     * of earlier instances of these probes are no longer delivered. Probes of the service not in
     * the list are left as they are.
     */
    void start(String service, long instance, List<ProbeSpec> probes, Consumer<ProbeReport> sink);

    /** Stops probing the named probes of {@code service} (no report is delivered after this returns). */
    void stop(String service, List<String> probeNames);

    /** Stops every probe of {@code service}. */
    void stopAll(String service);

    /**
     * Runs the named probes of {@code service} once now, besides their schedule (which goes on
     * unchanged); each round is counted and reported to the sink given at {@link #start} like any
     * other. A probe whose round is in flight runs again right after it. Never blocks.
     *
     * @return the names of those that run (a probe that is not running is left out)
     */
    default List<String> runNow(String service, List<String> probeNames) {
        return List.of();
    }
}
