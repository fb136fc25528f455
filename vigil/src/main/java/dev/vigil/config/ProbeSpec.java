package dev.vigil.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One named probe of a service.
 *
 * @param name       unique within the service
 * @param target     what to probe and how
 * @param process    the process this probe speaks for (its failure restarts that process);
 *                   empty = the whole service
 * @param interval   time between the starts of two probes (default 10s)
 * @param timeout    hard limit on one probe, enforced even when the peer never answers (default 1s);
 *                   at most interval
 * @param startGrace after each start of the process, results are not counted for this long
 *                   (default 0s)
 * @param failures   consecutive failures that turn the verdict red (default 3)
 * @param successes  consecutive successes that turn it green again (default 1)
 * @param role       liveness (default), readiness or startup
 * @param source     where the probe was declared: for messages only, and (as in
 *                   {@link ServiceSpec}) no part of {@link #equals} or {@link #hashCode}
 */
public record ProbeSpec(
        String name,
        ProbeTarget target,
        Optional<String> process,
        Duration interval,
        Duration timeout,
        Duration startGrace,
        int failures,
        int successes,
        ProbeRole role,
        SourceRef source) {

    /** Equal when everything but {@link #source} is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeSpec p && name.equals(p.name) && target.equals(p.target) && process.equals(p.process)
                && interval.equals(p.interval) && timeout.equals(p.timeout) && startGrace.equals(p.startGrace)
                && failures == p.failures && successes == p.successes && role == p.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, target, process, interval, timeout, startGrace, failures, successes, role);
    }
}
