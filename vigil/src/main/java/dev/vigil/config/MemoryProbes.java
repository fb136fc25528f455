package dev.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns each process's {@code restart_on_memory} into a built-in liveness probe of kind
 * {@code memory}, so that the probe scheduler measures it off the supervisor's thread and the
 * rules of liveness probes restart it (restart policy, backoff, crash-loop limit, restart budget,
 * events, metrics, {@code vigil status}).
 *
 * <p>The probe is named {@code memory} in a one-process service and {@code memory.PROCESS}
 * otherwise; it speaks for its process, fails after {@link #FAILURES} consecutive checks above the
 * limit (whatever {@code restart_after} says: the limit is the user's own threshold), and runs at
 * the shortest {@code interval} of the service's probes that watch that process (its own or
 * service-wide ones), else every {@link #DEFAULT_INTERVAL}.
 */
final class MemoryProbes {

    static final int FAILURES = 2;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** Reading /proc for one group takes milliseconds; a longer read is the daemon's trouble, not the service's. */
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(1);

    private MemoryProbes() {
    }

    /**
     * The memory probes of {@code processes}; a name already taken by one of {@code probes} is
     * reported on {@code problems} at the {@code restart_on_memory} value, and that probe is left out.
     *
     * @return the memory probes, empty when no process asks for one
     */
    static List<ProbeSpec> of(String service, String servicePath, List<ProcessSpec> processes, List<ProbeSpec> probes,
            Problems problems) {
        List<ProbeSpec> out = new ArrayList<>();
        for (ProcessSpec process : processes) {
            Optional<MemoryLimit> limit = process.controls().restartOnMemory();
            if (limit.isEmpty()) {
                continue;
            }
            String name = processes.size() == 1 ? "memory" : "memory." + process.name();
            if (probes.stream().anyMatch(p -> p.name().equals(name))) {
                String field = servicePath + (processes.size() == 1 ? "" : ".processes." + process.name()) + ".restart_on_memory";
                problems.add(limit.get().source(), field, ByteSizes.format(limit.get().bytes()),
                        "adds a probe named " + name + ", and the service already has a probe of that name",
                        "another name for [" + servicePath + ".probes." + name + "]");
                continue;
            }
            Duration interval = probes.stream()
                    .filter(p -> p.role() != ProbeRole.STARTUP)
                    .filter(p -> p.process().isEmpty() || p.process().get().equals(process.name()))
                    .map(ProbeSpec::interval).min(Duration::compareTo).orElse(DEFAULT_INTERVAL);
            Duration timeout = interval.compareTo(MAX_TIMEOUT) < 0 ? interval : MAX_TIMEOUT;
            out.add(new ProbeSpec(name, new ProbeTarget.Memory(service, process.name(), limit.get().bytes()),
                    Optional.of(process.name()), interval, timeout, Duration.ZERO, FAILURES, 1, ProbeRole.LIVENESS,
                    limit.get().source()));
        }
        return out;
    }
}
