package dev.vigil.config;

import java.util.List;
import java.util.Objects;
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
 * @param source      where {@code [services.NAME]} was declared: for messages only. It takes no
 *                    part in {@link #equals} or {@link #hashCode}, because two specs are the same
 *                    service when they say the same thing, wherever it is written; a reload that
 *                    compared positions restarted every service below an added comment.
 * @param critical    under {@code vigil run}: this service reaching FAILED stops everything and
 *                    makes Vigil exit 3, so the container is restarted (default false). Part of
 *                    equality: a reload that changes it restarts the service like any other change.
 * @param readyGate   whether this service counts in the daemon's {@code /readyz} (default true). Not
 *                    part of equality: it changes only what {@code /readyz} says, so a reload that
 *                    flips it must not restart the service.
 * @param dependencies {@code depends_on} and {@code restart_dependents}. Part of equality, but a
 *                    reload that changes only these adopts them without a restart (they decide
 *                    when the service starts, not what runs): see {@link #sameButDependencies}.
 */
public record ServiceSpec(
        String name,
        List<ProcessSpec> processes,
        RestartPolicy restart,
        boolean autostart,
        List<ProbeSpec> probes,
        DegradedAction onDegraded,
        int restartAfter,
        SourceRef source,
        boolean critical,
        boolean readyGate,
        DependencySpec dependencies) {

    /** A service without dependencies. */
    public ServiceSpec(String name, List<ProcessSpec> processes, RestartPolicy restart, boolean autostart,
            List<ProbeSpec> probes, DegradedAction onDegraded, int restartAfter, SourceRef source, boolean critical,
            boolean readyGate) {
        this(name, processes, restart, autostart, probes, onDegraded, restartAfter, source, critical, readyGate,
                DependencySpec.NONE);
    }

    /** A service that counts in {@code /readyz}. */
    public ServiceSpec(String name, List<ProcessSpec> processes, RestartPolicy restart, boolean autostart,
            List<ProbeSpec> probes, DegradedAction onDegraded, int restartAfter, SourceRef source, boolean critical,
            DependencySpec dependencies) {
        this(name, processes, restart, autostart, probes, onDegraded, restartAfter, source, critical, true, dependencies);
    }

    /** A service that is not critical. */
    public ServiceSpec(String name, List<ProcessSpec> processes, RestartPolicy restart, boolean autostart,
            List<ProbeSpec> probes, DegradedAction onDegraded, int restartAfter, SourceRef source) {
        this(name, processes, restart, autostart, probes, onDegraded, restartAfter, source, false);
    }

    /** A service that counts in {@code /readyz} and has no dependencies. */
    public ServiceSpec(String name, List<ProcessSpec> processes, RestartPolicy restart, boolean autostart,
            List<ProbeSpec> probes, DegradedAction onDegraded, int restartAfter, SourceRef source, boolean critical) {
        this(name, processes, restart, autostart, probes, onDegraded, restartAfter, source, critical, true,
                DependencySpec.NONE);
    }

    public ServiceSpec {
        processes = List.copyOf(processes);
        probes = List.copyOf(probes);
        Objects.requireNonNull(dependencies, "dependencies");
    }

    /** This spec with other dependencies. */
    public ServiceSpec withDependencies(DependencySpec other) {
        return new ServiceSpec(name, processes, restart, autostart, probes, onDegraded, restartAfter, source, critical,
                readyGate, other);
    }

    /** True when {@code other} differs from this at most in {@link #dependencies}. */
    public boolean sameButDependencies(ServiceSpec other) {
        return equals(other.withDependencies(dependencies));
    }

    /**
     * Equal when everything but {@link #source} and {@link #readyGate} is: what the service is, not
     * where it is written or how {@code /readyz} counts it.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceSpec s && name.equals(s.name) && processes.equals(s.processes)
                && restart.equals(s.restart) && autostart == s.autostart && probes.equals(s.probes)
                && onDegraded == s.onDegraded && restartAfter == s.restartAfter && critical == s.critical
                && dependencies.equals(s.dependencies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, processes, restart, autostart, probes, onDegraded, restartAfter, critical, dependencies);
    }

    public Optional<ProcessSpec> process(String processName) {
        return processes.stream().filter(p -> p.name().equals(processName)).findFirst();
    }
}
