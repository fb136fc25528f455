package dev.vigil.config;

import java.util.List;
import java.util.Optional;

/**
 * One supervised service: one or more named processes, how to restart them, and the probes that
 * say whether the service really answers.
 *
 * @param name        unique, {@code [a-z0-9][a-z0-9_.-]*}
 * @param processes   at least one, in declaration order; names unique within the service
 * @param restart     what to do when a process exits
 * @param autostart   start with the daemon (default true)
 * @param probes      zero or more, names unique within the service
 * @param onDegraded  what a liveness failure (probe or watchdog) leads to once it has lasted
 *                    {@code restartAfter} consecutive failures
 * @param restartAfter consecutive liveness failures before acting; at least every liveness probe's
 *                    {@code failures} (default: the largest of those, or 3)
 * @param source      where {@code [services.NAME]} was declared
 */
public record ServiceSpec(
        String name,
        List<ProcessSpec> processes,
        RestartPolicy restart,
        boolean autostart,
        List<ProbeSpec> probes,
        DegradedAction onDegraded,
        int restartAfter,
        SourceRef source) {

    public ServiceSpec {
        processes = List.copyOf(processes);
        probes = List.copyOf(probes);
    }

    public Optional<ProcessSpec> process(String processName) {
        return processes.stream().filter(p -> p.name().equals(processName)).findFirst();
    }
}
