package dev.vigil.web;

import dev.vigil.config.ProbeRole;
import dev.vigil.metrics.HealthGates;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.util.List;

/**
 * What each service contributes to {@code /livez} and {@code /readyz} (docs/CONTAINERS.md "Probing
 * the container"). Pure: a snapshot and the gates in, one verdict per service out, in config order.
 *
 * <ul>
 *   <li><b>Live</b> fails only for a FAILED service whose failure ends {@code vigil run}
 *       ({@code critical}, or any with {@code exit_on_failed}): the kubelet then restarts the
 *       container, as {@code vigil run} exiting 3 would. Any other state, a non-critical FAILED
 *       included, passes: restarting a container for one non-critical service kills the healthy
 *       ones with it, and Vigil is already restarting that service.</li>
 *   <li><b>Ready</b> passes for a RUNNING service whose running readiness probes all passed their
 *       latest round, a STOPPED one (not meant to run: autostart off or stopped by the operator)
 *       and one with {@code ready_gate = false}. Every other state fails it: starting, backoff,
 *       failed, stopping, degraded (a liveness or readiness probe or a watchdog failing,
 *       {@code on_degraded = "warn"} too, as {@code vigil export kubernetes} turns warn-only
 *       liveness into a readinessProbe) and any state added later. A readiness probe with no
 *       result yet since the start, or whose latest round failed, fails it too, before its
 *       {@code failures} are reached: a service is not ready until its readiness probe says so,
 *       and the kubelet's own {@code failureThreshold} debounces the answer.</li>
 * </ul>
 */
final class ServiceHealthAggregate {

    /**
     * One service's part of an answer.
     *
     * @param state  the state's word ("running")
     * @param reason why it passes or fails, for people
     */
    record Verdict(String service, String state, boolean ok, String reason) {}

    private ServiceHealthAggregate() {
    }

    static List<Verdict> liveness(SupervisorSnapshot snapshot, HealthGates gates) {
        return snapshot.services().stream().map(s -> live(s, gates)).toList();
    }

    static List<Verdict> readiness(SupervisorSnapshot snapshot, HealthGates gates) {
        return snapshot.services().stream().map(s -> ready(s, gates)).toList();
    }

    private static Verdict live(ServiceView service, HealthGates gates) {
        String state = described(service);
        if (service.state() != StateKind.FAILED) {
            return verdict(service, true, state);
        }
        if (gates.critical().contains(service.name())) {
            return verdict(service, false, state + " (critical = true)");
        }
        if (gates.anyFailureEnds()) {
            return verdict(service, false, state + " (exit_on_failed)");
        }
        return verdict(service, true, state + " (not critical: does not fail liveness)");
    }

    private static Verdict ready(ServiceView service, HealthGates gates) {
        String state = described(service);
        if (!gates.readyGated(service.name())) {
            return verdict(service, true, state + " (ready_gate = false: not counted)");
        }
        if (service.state() == StateKind.STOPPED) {
            return verdict(service, true, state + " (not meant to run)");
        }
        if (service.state() != StateKind.RUNNING) {
            return verdict(service, false, state);
        }
        return service.probes().stream()
                .filter(p -> p.role() == ProbeRole.READINESS && p.running() && p.consecutiveSuccesses() == 0)
                .findFirst()
                .map(p -> verdict(service, false, "running, but readiness probe " + p.name() + " has "
                        + p.lastResult().map(r -> "not passed: " + r).orElse("no result yet")))
                .orElse(verdict(service, true, state));
    }

    private static String described(ServiceView service) {
        return service.reason().isEmpty() ? service.state().label() : service.state().label() + ": " + service.reason();
    }

    private static Verdict verdict(ServiceView service, boolean ok, String reason) {
        return new Verdict(service.name(), service.state().label(), ok, reason);
    }
}
