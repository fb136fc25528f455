package dev.vigil.metrics;

import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which services count in the daemon's {@code /livez} and {@code /readyz}, from the config in force
 * (docs/CONTAINERS.md "Probing the container"). Liveness fails only for a FAILED service whose
 * failure ends {@code vigil run} ({@code critical}, or any with {@code exit_on_failed}): a failing
 * non-critical service must never make an orchestrator kill every other one with it. Readiness
 * counts every service but those with {@code ready_gate = false}.
 *
 * @param critical        services whose FAILED fails {@code /livez}
 * @param anyFailureEnds  {@code exit_on_failed} (config or {@code vigil run --exit-on-failed}): every
 *                        FAILED service fails {@code /livez}
 * @param notReadyGated   services with {@code ready_gate = false}
 */
public record HealthGates(Set<String> critical, boolean anyFailureEnds, Set<String> notReadyGated) {

    /** Before a config is applied: no service is known. */
    public static final HealthGates NONE = new HealthGates(Set.of(), false, Set.of());

    public HealthGates {
        critical = Set.copyOf(critical);
        notReadyGated = Set.copyOf(notReadyGated);
    }

    /** @param exitOnFailedOption {@code vigil run --exit-on-failed} */
    public static HealthGates of(VigilConfig config, boolean exitOnFailedOption) {
        return new HealthGates(
                config.services().stream().filter(ServiceSpec::critical).map(ServiceSpec::name).collect(Collectors.toSet()),
                exitOnFailedOption || config.daemon().exitOnFailed(),
                config.services().stream().filter(s -> !s.readyGate()).map(ServiceSpec::name).collect(Collectors.toSet()));
    }

    /** A FAILED {@code service} ends {@code vigil run}, and so fails {@code /livez}. */
    public boolean failureEnds(String service) {
        return anyFailureEnds || critical.contains(service);
    }

    /** {@code service} counts in {@code /readyz}. */
    public boolean readyGated(String service) {
        return !notReadyGated.contains(service);
    }
}
